/**
 * The capture page's engine, the browser twin of the capture client's: frames numbered and sent
 * newest-wins with one in flight (the capture client's Pacer), by Socket.IO while it is connected and
 * by HTTP POST once it has been down a while, with the capture client's counters for its status line.
 */
import { newCaptureStats, type CaptureStats } from '../../../common/capture/stats.js';
import { Pacer } from '../../../common/capture/pacer.js';
import type { SendResult } from '../../../common/capture/send-result.js';
import { AUTH_REFUSAL_CODES, type ErrorCodeName } from '../../../shared/errors.js';
import type { CaptureFrameMeta, Link } from '../../../shared/protocol.js';

/** What the publisher sends through: the page's Socket.IO connection and its HTTP POST fallback. */
export interface PublisherLinks {
  socketio: {
    readonly connected: boolean;
    link(): Link | null;
    clockOffset(): number | null;
    send(m: CaptureFrameMeta, j: Uint8Array): Promise<SendResult>;
    reconnect(): void;
  };
  http: { clockOffset(): number | null; send(m: CaptureFrameMeta, j: Uint8Array): Promise<SendResult> };
}

export interface PublisherOptions {
  fps: number;
  /** Socket.IO down this long: frames go by HTTP POST (the capture client's default, 3 s). */
  fallbackAfterMs?: number;
  /** The relay refused the camera's credentials: nothing more is sent. */
  onRefused(code: string, message: string): void;
  now?: () => number;
}

export interface EncodedFrame {
  jpeg: Uint8Array;
  width: number;
  height: number;
  capturedAt: number;
}

/** At most two frames' worth saved up: a camera that pauses does not get a burst after it. */
const MAX_CREDIT = 2;
const HTTP_BACKOFF_MIN_MS = 1000;
const HTTP_BACKOFF_MAX_MS = 10_000;

export class Publisher {
  readonly stats: CaptureStats = newCaptureStats();
  private readonly pacer: Pacer<{ meta: CaptureFrameMeta; jpeg: Uint8Array }>;
  private readonly now: () => number;
  private readonly fallbackAfterMs: number;
  private lastAdmitted: number | null = null;
  private credit = 1;
  private seq = 0;
  private downSince: number;
  private httpRetryAt = 0;
  private httpBackoff = HTTP_BACKOFF_MIN_MS;
  private timeouts = 0;
  private stopped = false;

  constructor(
    private readonly links: PublisherLinks,
    private readonly options: PublisherOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.fallbackAfterMs = options.fallbackAfterMs ?? 3000;
    this.downSince = this.now();
    // One frame in flight, one waiting: a slow link loses frames, never gains delay.
    this.pacer = new Pacer(
      1,
      (p) => this.transmit(p.meta, p.jpeg),
      () => this.stats.dropped++,
    );
  }

  /**
   * The frame-rate gate: true when a picture arriving now should be encoded and sent. A budget of
   * `fps` frames a second rather than a minimum gap: a browser hands pictures over on its own
   * rendering clock, 50 ms then 83 ms apart from a 15 fps camera, and a gap rule would refuse the
   * early one and send 10 fps.
   */
  admit(now = this.now()): boolean {
    if (this.stopped) return false;
    if (this.lastAdmitted !== null) this.credit = Math.min(MAX_CREDIT, this.credit + ((now - this.lastAdmitted) * this.options.fps) / 1000);
    this.lastAdmitted = now;
    // Under 1 by a rounding error is still a frame's worth; the rate stays bounded, the debt is paid back.
    if (this.credit < 0.9) return false;
    this.credit -= 1;
    return true;
  }

  /** True while a frame is being sent: encoding another now would only replace the one waiting. */
  get busy(): boolean {
    return this.pacer.busy > 0;
  }

  push(frame: EncodedFrame): void {
    if (this.stopped) return;
    this.stats.produced++;
    const meta: CaptureFrameMeta = { seq: this.seq++, capturedAt: Math.round(frame.capturedAt), width: frame.width, height: frame.height };
    this.pacer.push({ meta, jpeg: frame.jpeg });
  }

  /** A picture admitted but never sent (the encoder was still busy, or failed). */
  countDropped(): void {
    this.stats.dropped++;
  }

  /** Socket.IO connected or dropped: the fallback's clock starts when it goes down. */
  connectionChanged(up: boolean): void {
    if (up) this.timeouts = 0;
    else this.downSince = this.now();
    this.stats.link = this.pick()?.name ?? null;
  }

  reconnecting(): void {
    this.stats.reconnects++;
  }

  stop(): void {
    this.stopped = true;
    this.pacer.clear();
  }

  /** Socket.IO while connected; HTTP POST once it has been down for `fallbackAfterMs`, backing off after failures. */
  private pick(): { name: Link; send: PublisherLinks['http'] } | null {
    const { socketio, http } = this.links;
    if (socketio.connected) return { name: socketio.link() ?? 'polling', send: socketio };
    const now = this.now();
    if (now - this.downSince >= this.fallbackAfterMs && now >= this.httpRetryAt) return { name: 'http', send: http };
    return null;
  }

  private async transmit(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<void> {
    const picked = this.pick();
    this.stats.link = picked?.name ?? null;
    if (!picked || this.stopped) return void this.stats.dropped++;
    const offset = picked.send.clockOffset();
    if (offset !== null) meta.clockOffset = Math.round(offset);
    const sentAt = this.now();
    this.stats.sent++;
    const result = await picked.send.send(meta, jpeg);
    this.account(picked.name, result, this.now() - sentAt);
  }

  private account(link: Link, result: SendResult, rtt: number): void {
    const viaHttp = link === 'http';
    if (result.ok) {
      this.stats.acked++;
      this.stats.rttMs = rtt;
      this.stats.lastError = this.stats.lastErrorMessage = null;
      this.timeouts = 0;
      if (viaHttp) {
        this.httpBackoff = HTTP_BACKOFF_MIN_MS;
        this.httpRetryAt = 0;
      }
      return;
    }
    this.stats.failed++;
    [this.stats.lastError, this.stats.lastErrorMessage] = [result.error, result.message];
    if (AUTH_REFUSAL_CODES.has(result.error as ErrorCodeName)) {
      this.stop();
      return this.options.onRefused(result.error, result.message);
    }
    const network = result.error === 'TIMEOUT' || result.error === 'NETWORK';
    if (viaHttp && network) {
      this.httpRetryAt = this.now() + this.httpBackoff;
      this.httpBackoff = Math.min(this.httpBackoff * 2, HTTP_BACKOFF_MAX_MS);
    }
    // Connected but no acks: the "connected while 0 frames flow" failure. Reconnect rather than trust it.
    if (!viaHttp && result.error === 'TIMEOUT' && ++this.timeouts >= 2) {
      this.timeouts = 0;
      this.links.socketio.reconnect();
    }
  }
}
