/** `http`: one POST per frame. Works through anything that passes plain HTTP requests. */
import { ClockSync } from '../../clock-sync.js';
import { HTTP_HEADERS, type CaptureFrameMeta, type FrameAck } from '../../../shared/protocol.js';
import { isErrorCode } from '../../../shared/errors.js';
import { relayUrl } from '../../relay-url.js';
import type { SendResult, Sender, SenderContext, SenderTarget } from '../sender.js';

export class HttpSender implements Sender {
  static readonly role = 'fallback';

  static create(ctx: SenderContext): HttpSender {
    return new HttpSender(ctx.target);
  }

  private readonly clock = new ClockSync();
  private readonly url: string;

  constructor(private readonly target: SenderTarget) {
    this.url = relayUrl(target.server, `api/cameras/${encodeURIComponent(target.cameraId)}/frames`);
  }

  link(): 'http' {
    return 'http';
  }

  ready(): boolean {
    return true;
  }

  clockOffset(): number | null {
    return this.clock.offset;
  }

  async send(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult> {
    const headers: Record<string, string> = {
      'content-type': 'image/jpeg',
      authorization: `Bearer ${this.target.token}`,
      [HTTP_HEADERS.seq]: String(meta.seq),
      [HTTP_HEADERS.capturedAt]: String(Math.round(meta.capturedAt)),
    };
    if (meta.clockOffset !== undefined) headers[HTTP_HEADERS.clockOffset] = String(Math.round(meta.clockOffset));
    // Header values must be ISO-8859-1 (fetch refuses others): a name with other characters goes by Socket.IO only.
    if (this.target.name && /^[\x20-\x7e]*$/.test(this.target.name)) headers['x-camera-name'] = this.target.name;
    if (this.target.session) headers[HTTP_HEADERS.session] = this.target.session;
    if (this.target.standby) headers[HTTP_HEADERS.standby] = '1';
    const sentAt = Date.now();
    let res: Response;
    try {
      // credentials 'omit': the token is the credential; a signed-in browser's cookie must not ride along.
      const init: RequestInit = { method: 'POST', headers, body: jpeg as Uint8Array<ArrayBuffer>, credentials: 'omit' };
      res = await fetch(this.url, { ...init, signal: AbortSignal.timeout(this.target.ackTimeoutMs) });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      return { ok: false, error: timeout ? 'TIMEOUT' : 'NETWORK', message: networkMessage(err) };
    }
    const serverTime = Number(res.headers.get(HTTP_HEADERS.serverTime));
    if (serverTime > 0) this.clock.add(sentAt, serverTime, Date.now());
    const body = (await res.json().catch(() => null)) as FrameAck | null;
    if (body && body.ok === true) return body;
    if (body && body.ok === false && isErrorCode(body.error)) return body;
    return { ok: false, error: 'NETWORK', message: `HTTP ${res.status} from ${this.url}` };
  }

  close(): void {}
}

/** fetch() says only "fetch failed"; the reason a person can act on (`connect ECONNREFUSED 127.0.0.1:9`) is in its cause. */
export function networkMessage(err: unknown): string {
  const messages: string[] = [];
  for (let e = err; e instanceof Error && messages.length < 4; e = e.cause) messages.push(e.message);
  return messages.findLast((m) => m !== '') ?? String(err);
}
