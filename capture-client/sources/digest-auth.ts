/**
 * HTTP Digest authentication as a client (RFC 7616, and RFC 2617's MD5 that most cameras still use):
 * Hikvision, Dahua and Axis ask for it on snapshot.jpg and video.cgi. Hand-written on node:crypto
 * rather than a package: the maintained ones wrap fetch or axios, and the exchange is ~60 lines.
 * Pure: no I/O; the caller sends the header and hands back the next challenge.
 */
import { createHash, randomBytes } from 'node:crypto';

/** One `WWW-Authenticate` challenge: its scheme (lower case) and its parameters (names lower case). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Longest WWW-Authenticate header read: a camera's answer is bounded before it is looked at. */
const MAX_HEADER = 4096;

/** The challenges in WWW-Authenticate header(s); cameras send one header per scheme or one list. */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const text = (Array.isArray(header) ? header.join(', ') : (header ?? '')).slice(0, MAX_HEADER);
  const out: Challenge[] = [];
  // A scheme token, then name=value pairs (quoted or not) until the next bare token.
  const re = /\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?/gy;
  let current: Challenge | undefined;
  for (let m = re.exec(text); m && m[0].length > 0; m = re.exec(text)) {
    const [, token, value] = m;
    if (value === undefined) {
      current = { scheme: token!.toLowerCase(), params: {} };
      out.push(current);
    } else if (current) {
      current.params[token!.toLowerCase()] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
    }
  }
  return out;
}

const ALGORITHMS: Record<string, string> = { md5: 'md5', 'md5-sess': 'md5', 'sha-256': 'sha256', 'sha-256-sess': 'sha256' };

/** Answers one Digest challenge for every request that follows, counting nc as the RFC asks. */
export class DigestAuth {
  private nc = 0;
  private readonly hash: string;
  private readonly sess: boolean;
  private readonly qop: 'auth' | undefined;

  /** Throws a TypeError for a challenge this client cannot answer (auth-int only, an unknown algorithm). */
  constructor(
    private readonly user: string,
    private readonly password: string,
    private readonly challenge: Challenge,
    private readonly cnonce: () => string = () => randomBytes(16).toString('hex'),
  ) {
    const algorithm = (challenge.params.algorithm ?? 'MD5').toLowerCase();
    const hash = ALGORITHMS[algorithm];
    if (!hash) throw new TypeError(`The camera asks for Digest with algorithm ${algorithm.slice(0, 32)}, which is not supported (MD5 and SHA-256 are).`);
    if (challenge.params.nonce === undefined) throw new TypeError('The camera sent a Digest challenge without a nonce.');
    const qops = challenge.params.qop?.split(',').map((q) => q.trim().toLowerCase());
    if (qops && !qops.includes('auth'))
      throw new TypeError(`The camera asks for Digest qop=${challenge.params.qop!.slice(0, 32)}, which is not supported (auth is).`);
    this.hash = hash;
    this.sess = algorithm.endsWith('-sess');
    this.qop = qops ? 'auth' : undefined;
  }

  /** The Authorization header for one request; `uri` is the request target (path and query). */
  header(method: string, uri: string): string {
    const { realm = '', nonce = '', opaque, algorithm } = this.challenge.params;
    const h = (s: string): string => createHash(this.hash).update(s, 'utf8').digest('hex');
    const nc = (++this.nc).toString(16).padStart(8, '0');
    const cnonce = this.cnonce();
    let ha1 = h(`${this.user}:${realm}:${this.password}`);
    if (this.sess) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
    const ha2 = h(`${method}:${uri}`);
    const response = this.qop ? h(`${ha1}:${nonce}:${nc}:${cnonce}:${this.qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
    const q = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;
    const parts = [`username=${q(this.user)}`, `realm=${q(realm)}`, `nonce=${q(nonce)}`, `uri=${q(uri)}`];
    if (algorithm) parts.push(`algorithm=${algorithm}`);
    parts.push(`response=${q(response)}`);
    if (opaque !== undefined) parts.push(`opaque=${q(opaque)}`);
    if (this.qop) parts.push(`qop=${this.qop}`, `nc=${nc}`, `cnonce=${q(cnonce)}`);
    return `Digest ${parts.join(', ')}`;
  }
}

/** An Authorization header for one request: `uri` is what the request line names. */
export type Authorizer = (method: string, uri: string) => string;

/**
 * Answers a 401's challenges (its WWW-Authenticate values) with the user and password: Digest first when this client
 * can answer it, then Basic; null when neither is offered or answerable. Shared by every RTSP exchange of the
 * capture program (the loopback hop in front of ffmpeg, the talk-back channel).
 */
export function authorizerFor(wwwAuthenticate: string[], user: string, password: string): Authorizer | null {
  const challenges = parseChallenges(wwwAuthenticate);
  const digest = challenges.find((c) => c.scheme === 'digest');
  if (digest) {
    try {
      const d = new DigestAuth(user, password, digest);
      return (method, uri) => d.header(method, uri);
    } catch {
      // A Digest variant not supported: Basic, if offered.
    }
  }
  if (!challenges.some((c) => c.scheme === 'basic')) return null;
  const basic = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  return () => basic;
}
