/** The page's fallback: one HTTP POST per frame, as the capture client's `http` sender sends it. */
import { ClockSync } from '../../../common/clock-sync.js';
import { relayUrl } from '../../../common/relay-url.js';
import { isErrorCode } from '../../../shared/errors.js';
import { HTTP_HEADERS, type CaptureFrameMeta, type FrameAck } from '../../../shared/protocol.js';
import type { SendResult } from '../../../common/capture/send-result.js';

export class HttpLink {
  private readonly clock = new ClockSync();
  private readonly url: string;

  constructor(
    base: string,
    private readonly target: { cameraId: string; token: string; name?: string; session: string },
    private readonly ackTimeoutMs: number,
  ) {
    this.url = relayUrl(base, `api/cameras/${encodeURIComponent(target.cameraId)}/frames`);
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
      [HTTP_HEADERS.session]: this.target.session,
    };
    if (meta.clockOffset !== undefined) headers[HTTP_HEADERS.clockOffset] = String(Math.round(meta.clockOffset));
    // Header values must be ISO-8859-1: a name with other characters goes by Socket.IO only.
    if (this.target.name && /^[\x20-\x7e]*$/.test(this.target.name)) headers['x-camera-name'] = this.target.name;
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers,
        body: jpeg as Uint8Array<ArrayBuffer>,
        credentials: 'omit',
        signal: AbortSignal.timeout(this.ackTimeoutMs),
      });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      return { ok: false, error: timeout ? 'TIMEOUT' : 'NETWORK', message: (err as Error).message };
    }
    const serverTime = Number(res.headers.get(HTTP_HEADERS.serverTime));
    if (serverTime > 0) this.clock.add(sentAt, serverTime, Date.now());
    const body = (await res.json().catch(() => null)) as (FrameAck & { retryAfterMs?: number }) | null;
    if (body && (body.ok === true || (body.ok === false && isErrorCode(body.error)))) return body;
    return { ok: false, error: 'NETWORK', message: `HTTP ${res.status} from ${this.url}` };
  }
}
