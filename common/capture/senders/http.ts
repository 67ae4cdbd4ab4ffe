/**
 * `http`: one POST per frame, and media units in batches (#38), one POST and one answer per batch. Works through
 * anything that passes plain HTTP requests. Every answer carries the relay's demand for this camera
 * (HTTP_DEMAND_HEADERS), told as a `demand` event, so a camera on the fallback makes what the relay
 * asks as it would on the connection.
 */
import { ClockSync } from '../../clock-sync.js';
import { HTTP_HEADERS, type CaptureFrameMeta, type FrameAck } from '../../../shared/protocol.js';
import { isErrorCode } from '../../../shared/errors.js';
import { relayUrl } from '../../relay-url.js';
import { HTTP_DEMAND_HEADERS, type CaptureDemand } from '../../../shared/demand.js';
import { unitsBody, UNITS_CONTENT_TYPE, type UnitsAck, type UnitToSend } from '../../../shared/units.js';
import { readDemand } from '../demand-check.js';
import type { SendResult, Sender, SenderContext, SenderTarget } from '../sender.js';

/**
 * What the fallback reports: the demand an answer carried (`via: 'http'`, so the engine can tell it from the connection's),
 * and a batch lost on the way (`lost`): units not answered go again once an answer says the relay is reachable.
 */
export type HttpEvent = { type: 'demand'; demand: CaptureDemand; via: 'http' } | { type: 'lost'; via: 'http'; message: string };

export class HttpSender implements Sender {
  static readonly role = 'fallback';

  static create(ctx: SenderContext<HttpEvent>): HttpSender {
    return new HttpSender(ctx.target, (e) => ctx.onEvent(e));
  }

  private readonly clock = new ClockSync();
  private readonly url: string;
  private readonly unitsUrl: string;
  /** Batches go one POST at a time: two on two sockets could arrive out of order, and a seq that falls is refused. */
  private unitsChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly target: SenderTarget,
    private readonly onEvent: (e: HttpEvent) => void = () => {},
  ) {
    const camera = `api/cameras/${encodeURIComponent(target.cameraId)}`;
    this.url = relayUrl(target.server, `${camera}/frames`);
    this.unitsUrl = relayUrl(target.server, `${camera}/units`);
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
      [HTTP_HEADERS.seq]: String(meta.seq),
      [HTTP_HEADERS.capturedAt]: String(Math.round(meta.capturedAt)),
    };
    if (meta.clockOffset !== undefined) headers[HTTP_HEADERS.clockOffset] = String(Math.round(meta.clockOffset));
    // Header values must be ISO-8859-1 (fetch refuses others): a name with other characters goes by Socket.IO only.
    if (this.target.name && /^[\x20-\x7e]*$/.test(this.target.name)) headers['x-camera-name'] = this.target.name;
    if (this.target.standby) headers[HTTP_HEADERS.standby] = '1';
    const answer = await this.post(this.url, headers, jpeg);
    if ('failed' in answer) return answer.failed;
    const body = answer.body as FrameAck | null;
    if (body && body.ok === true) return body;
    if (body && body.ok === false && isErrorCode(body.error)) return body;
    return { ok: false, error: 'NETWORK', message: `HTTP ${answer.status} from ${this.url}` };
  }

  /** Several units in one POST (shared/units.ts `unitsBody`), after the batch before it is answered; answered as on Socket.IO. */
  sendUnits(units: UnitToSend[]): Promise<UnitsAck | SendResult> {
    const sent = this.unitsChain.then(() => this.postUnits(units));
    this.unitsChain = sent;
    return sent;
  }

  private async postUnits(units: UnitToSend[]): Promise<UnitsAck | SendResult> {
    const answer = await this.post(this.unitsUrl, { 'content-type': UNITS_CONTENT_TYPE }, unitsBody(units));
    const lost = (failed: SendResult & { ok: false }): SendResult => {
      this.onEvent({ type: 'lost', via: 'http', message: failed.message });
      return failed;
    };
    if ('failed' in answer) return lost(answer.failed);
    const body = answer.body as UnitsAck | null;
    if (body && body.ok === true && Array.isArray(body.acks)) return body;
    if (body && body.ok === false && isErrorCode(body.error)) return body;
    return lost({ ok: false, error: 'NETWORK', message: `HTTP ${answer.status} from ${this.unitsUrl}` });
  }

  /** One POST with the headers every upload carries; its status and JSON body, or the failed send. */
  private async post(
    url: string,
    headers: Record<string, string>,
    body: Uint8Array,
  ): Promise<{ status: number; body: unknown } | { failed: SendResult & { ok: false } }> {
    headers.authorization = `Bearer ${this.target.token}`;
    if (this.target.session) headers[HTTP_HEADERS.session] = this.target.session;
    // JPEG rungs (demand-rungs.ts) and detections (detect-feed.ts) go by the connection only: offered here, the relay
    // would wait for what never comes, where it resizes and detects itself for a camera that does not offer them.
    const offers = (this.target.offers ?? []).filter((o) => o !== 'rungs' && o !== 'detect');
    if (offers.length > 0) headers[HTTP_DEMAND_HEADERS.offers] = offers.join(',');
    const sentAt = Date.now();
    let res: Response;
    try {
      // credentials 'omit': the token is the credential; a signed-in browser's cookie must not ride along.
      const init: RequestInit = { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer>, credentials: 'omit' };
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.target.ackTimeoutMs) });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      return { failed: { ok: false, error: timeout ? 'TIMEOUT' : 'NETWORK', message: networkMessage(err) } };
    }
    const serverTime = Number(res.headers.get(HTTP_HEADERS.serverTime));
    if (serverTime > 0) this.clock.add(sentAt, serverTime, Date.now());
    this.demandFrom(res.headers.get(HTTP_DEMAND_HEADERS.demand));
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  /**
   * Tells the demand an answer carried (each answer's: the engine keeps what changed, and after a lost batch it needs
   * to hear it again); a malformed one is ignored, as on the connection.
   */
  private demandFrom(header: string | null): void {
    if (header === null || header.length > 4096) return;
    let demand: CaptureDemand | null;
    try {
      demand = readDemand(JSON.parse(header));
    } catch {
      return;
    }
    if (!demand) return;
    this.onEvent({ type: 'demand', demand, via: 'http' });
  }

  close(): void {}
}

/** fetch() says only "fetch failed"; the reason a person can act on (`connect ECONNREFUSED 127.0.0.1:9`) is in its cause. */
export function networkMessage(err: unknown): string {
  const messages: string[] = [];
  for (let e = err; e instanceof Error && messages.length < 4; e = e.cause) messages.push(e.message);
  return messages.findLast((m) => m !== '') ?? String(err);
}
