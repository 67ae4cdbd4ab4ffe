/**
 * One GET to an HTTP camera with the credentials of its URL: Basic or Digest, whichever the camera's
 * challenge names (never sent before it asks, so a Digest camera never sees the password in Basic).
 * node:http rather than fetch: fetch refuses URLs with credentials and hides the status line's words.
 * Failures come out as the capture side's wait codes, with the camera's own words and no password.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CamrelayError } from '../../shared/errors.js';
import { maskSecrets, maskUrl } from './camera-url.js';
import { DigestAuth, parseChallenges } from './digest-auth.js';
import type { SourceOptions } from './source.js';

/** Socket errors that mean nobody answers at the camera's address: waited out as CAMERA_UNREACHABLE. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** The --url of an HTTP camera source, checked at start (BAD_CONFIG): cli.ts checks it too, this guards other callers (a config file). */
export function httpCameraUrl(source: string, opts: SourceOptions): string {
  const url = opts.url;
  if (url === undefined || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new CamrelayError(
      'BAD_CONFIG',
      `--source ${source} needs --url http://… (or CAMRELAY_CAMERA_URL), got ${url === undefined ? 'none' : maskUrl(url)}.`,
    );
  return url!;
}

/** Thrown into a request aborted by its deadline, so the error says how long it waited. */
export class CameraTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms / 1000} s`);
  }
}

export class CameraHttp {
  /** The URL as it may be shown: password masked. */
  readonly shown: string;
  private readonly target: URL;
  private readonly user: string;
  private readonly password: string;
  private auth: ((method: string, uri: string) => string) | null = null;

  constructor(readonly url: string) {
    this.shown = maskUrl(url);
    this.target = new URL(url);
    this.user = safeDecode(this.target.username);
    this.password = safeDecode(this.target.password);
    this.target.username = '';
    this.target.password = '';
  }

  /**
   * The camera's 200 response, its body unread. A 401 is answered once with the challenge's scheme
   * (and again when a Digest nonce went stale); a second 401, or a 403, is CAMERA_AUTH.
   */
  async get(signal: AbortSignal): Promise<IncomingMessage> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(signal);
      if (res.statusCode === 200) return res;
      res.resume(); // the body of a refusal is not read, only drained
      if (res.statusCode === 401 && attempt === 0 && this.user && this.learn(res)) continue;
      throw this.refusal(res);
    }
  }

  /** The error for any failure while talking to the camera: a wait code where waiting can help. */
  error(err: unknown, signal?: AbortSignal): Error {
    if (err instanceof CamrelayError) return err;
    const reason = signal?.aborted ? signal.reason : undefined;
    if (reason instanceof CameraTimeout) return new CamrelayError('CAMERA_UNREACHABLE', `The camera at ${this.shown} gave ${reason.message}.`);
    const code = (err as NodeJS.ErrnoException)?.code;
    const words = maskSecrets(String((err as Error)?.message ?? err).slice(0, 200), this.url);
    if (code && UNREACHABLE.has(code)) return new CamrelayError('CAMERA_UNREACHABLE', `The camera at ${this.shown} does not answer (${code}: ${words}).`);
    return new CamrelayError('SOURCE_FAILED', `Reading the camera at ${this.shown} failed: ${words}`);
  }

  private send(signal: AbortSignal): Promise<IncomingMessage> {
    const uri = `${this.target.pathname}${this.target.search}`;
    const headers: Record<string, string> = { 'User-Agent': 'camrelay-capture', Accept: 'image/jpeg, multipart/x-mixed-replace, */*' };
    if (this.auth) headers.Authorization = this.auth('GET', uri);
    const request = this.target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(this.target, { method: 'GET', headers, signal }, resolve);
      req.on('error', (err) => reject(this.error(err, signal)));
      req.end();
    });
  }

  /** Takes the camera's challenge; false when it names no scheme this client can answer. */
  private learn(res: IncomingMessage): boolean {
    const challenges = parseChallenges(res.headers['www-authenticate']);
    const digest = challenges.find((c) => c.scheme === 'digest');
    if (digest) {
      try {
        const auth = new DigestAuth(this.user, this.password, digest);
        this.auth = (method, uri) => auth.header(method, uri);
        return true;
      } catch (err) {
        throw new CamrelayError('SOURCE_FAILED', `The camera at ${this.shown}: ${(err as Error).message}`);
      }
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      const basic = `Basic ${Buffer.from(`${this.user}:${this.password}`, 'utf8').toString('base64')}`;
      this.auth = () => basic;
      return true;
    }
    return false;
  }

  private refusal(res: IncomingMessage): CamrelayError {
    const status = res.statusCode ?? 0;
    const words = printable(res.statusMessage ?? '');
    const line = words ? `"${status} ${words}"` : `"${status}"`;
    if (status === 401 || status === 403) {
      const what = this.user ? 'refused the user name or password' : 'asks for a user name and password (put them in the URL)';
      return new CamrelayError('CAMERA_AUTH', maskSecrets(`The camera at ${this.shown} ${what}: it answered ${line}.`, this.url));
    }
    return new CamrelayError('SOURCE_FAILED', maskSecrets(`The camera at ${this.shown} answered ${line}, not a picture.`, this.url));
  }
}

/** A status line's words, bounded and without control characters, for a log or status line. */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '').slice(0, 80);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
