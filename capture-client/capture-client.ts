/**
 * The capture client's engine: paces frames, builds the senders its --transport uses from the
 * sender table, sends each frame by the one the picker chooses, and keeps the status line's numbers.
 */
import { randomUUID } from 'node:crypto';
import type { CaptureFrameMeta } from '../shared/protocol.js';
import { AUTH_REFUSAL_CODES, AUTH_RETRY_MS, isErrorCode, type ErrorCodeName } from '../shared/errors.js';
import { Pacer } from '../common/capture/pacer.js';
import { TransportPicker, type CaptureTransport } from './transport-picker.js';
import { SENDERS, type SenderEvent, type SenderName } from './senders/index.js';
import type { ConnectionSender, SendResult, Sender, SenderContext, SenderTarget, UpgradeSender } from './senders/sender.js';
import type { SourceFrame } from './sources/source.js';

/** Everything the client reports as it happens: what its senders report, and failed sends. */
export type CaptureEvent = SenderEvent | { type: 'error'; code: string; message: string };

export interface CaptureClientOptions extends SenderTarget {
  transport: CaptureTransport;
  /** Frames per second to send at most; extra frames from the source are skipped. */
  fps: number;
  maxInFlight?: number;
  /** In `auto`, how long the connection (Socket.IO) may be down before frames go by the fallback (HTTP POST). */
  fallbackAfterMs?: number;
  /** Send the clock offset to the server (default true); the benchmark, on one machine, turns it off. */
  syncClock?: boolean;
  onEvent?: (e: CaptureEvent) => void;
}

import { newCaptureStats, type CaptureStats } from '../common/capture/stats.js';

export type { CaptureStats };

interface Pending {
  meta: CaptureFrameMeta;
  jpeg: Buffer;
}

export class CaptureClient {
  readonly stats: CaptureStats = newCaptureStats();
  /** The senders this --transport uses, by name. */
  private readonly senders = new Map<SenderName, Sender>();
  /** The connection sender (an upgrade's signaling rides on it), and the upgrade, when in use. */
  private readonly carrier: ConnectionSender | null = null;
  private readonly upgrade: UpgradeSender | null = null;
  private readonly pacer: Pacer<Pending>;
  private readonly picker: TransportPicker;
  private readonly emit: (e: CaptureEvent) => void;
  private lastAcceptedAt = 0;
  private seq = 0;
  private timeouts = 0;

  constructor(private readonly options: CaptureClientOptions) {
    this.emit = options.onEvent ?? (() => {});
    const target = { ...options, session: options.session ?? randomUUID() };
    this.picker = new TransportPicker({ mode: options.transport, fallbackAfterMs: options.fallbackAfterMs ?? 3000 }, Date.now());
    const { connection, fallback, upgrade } = this.picker.lineup;
    const context = (name: SenderName): SenderContext<SenderEvent> => ({
      target,
      forced: options.transport === name,
      carrier: this.carrier,
      wanted: (mode) => this.picker.wantsUpgrade(mode),
      up: () => this.senderUp(name),
      down: (why) => this.senderDown(name, why),
      onEvent: (e) => this.senderEvent(e),
    });
    if (fallback) this.senders.set(fallback, SENDERS[fallback].create(context(fallback)));
    if (connection) this.senders.set(connection, (this.carrier = SENDERS[connection].create(context(connection))));
    // An upgrade rides on the connection: built last, with the connection as its carrier.
    if (upgrade && this.carrier) this.senders.set(upgrade, (this.upgrade = SENDERS[upgrade].create(context(upgrade))));
    this.pacer = new Pacer(
      options.maxInFlight ?? 2,
      (p) => this.transmit(p),
      () => this.countDropped(),
    );
  }

  /** Takes a frame from the source; returns false when it was skipped to honour --fps. */
  push(frame: SourceFrame): boolean {
    if (!this.admit()) return false;
    this.send(frame);
    return true;
  }

  /**
   * The --fps gate: true when a frame arriving now should be sent. Asked before any work on the
   * frame (such as a resize), so frames that will be skipped cost nothing.
   */
  admit(now = Date.now()): boolean {
    // 0.8: sources pace themselves with jitter; a strict gate would halve a 30 fps camera.
    if (now - this.lastAcceptedAt < (1000 / this.options.fps) * 0.8) return false;
    this.lastAcceptedAt = now;
    return true;
  }

  /** Sends an admitted frame: numbered now, sent when a transport can take it, newest wins. */
  send(frame: SourceFrame): void {
    this.stats.produced++;
    const meta: CaptureFrameMeta = { seq: this.seq++, capturedAt: frame.capturedAt };
    if (frame.width) meta.width = frame.width;
    if (frame.height) meta.height = frame.height;
    this.pacer.push({ meta, jpeg: frame.jpeg });
  }

  /** Counts a frame lost before it could be sent (a failed resize, say). */
  countDropped(): void {
    this.stats.dropped++;
  }

  /** The sender frames go through right now, or null when none can take them. */
  activeSender(): Sender | null {
    const picked = this.picker.pick(Date.now());
    return picked === null ? null : (this.senders.get(picked) ?? null);
  }

  /** The named sender, when this --transport uses it (for status and tests). */
  sender<N extends SenderName>(name: N): ReturnType<(typeof SENDERS)[N]['create']> | null {
    return (this.senders.get(name) as ReturnType<(typeof SENDERS)[N]['create']> | undefined) ?? null;
  }

  close(): void {
    // The upgrade first, while the connection can still tell the server it is over.
    this.upgrade?.close();
    for (const sender of this.senders.values()) if (sender !== this.upgrade) sender.close();
  }

  private async transmit(p: Pending): Promise<void> {
    const name = this.picker.pick(Date.now());
    const sender = name === null ? null : (this.senders.get(name) ?? null);
    this.stats.link = sender?.link() ?? null;
    if (name === null || !sender) return this.countDropped();
    const offset = this.options.syncClock === false ? null : sender.clockOffset();
    if (offset !== null) p.meta.clockOffset = Math.round(offset);
    const sentAt = Date.now();
    this.stats.sent++;
    const sending = sender.send(p.meta, p.jpeg);
    // On trial the upgrade gets a copy too; the connection's ack still paces and counts the frame.
    const trial = sender === this.carrier && this.upgrade?.state === 'trial';
    if (trial) this.upgrade!.offer(p.meta, p.jpeg);
    this.account(name, sender, await sending, Date.now() - sentAt, trial);
  }

  private account(name: SenderName, sender: Sender, result: SendResult, rtt: number, trial: boolean): void {
    const transportFailed = !result.ok && (result.error === 'TIMEOUT' || result.error === 'NETWORK');
    this.picker.sent(name, !transportFailed, Date.now());
    // Sent on trial, the frame (or a newer one) may reach the server first by the upgrade: no loss.
    if (result.ok || (trial && result.error === 'STALE_FRAME')) {
      this.stats.acked++;
      // An upgrade's channel has no ack: no round trip to show.
      this.stats.rttMs = sender === this.upgrade ? null : rtt;
      this.timeouts = 0;
      if (this.stats.lastError !== null && sender === this.activeSender()) this.stats.lastError = this.stats.lastErrorMessage = null;
      return;
    }
    this.stats.failed++;
    this.stats.lastError = result.error;
    this.stats.lastErrorMessage = result.message;
    // A refused token over the fallback: the same slow retry and the same words as on the connection.
    if (AUTH_REFUSAL_CODES.has(result.error as ErrorCodeName)) {
      this.picker.authRefused(Date.now() + AUTH_RETRY_MS);
      this.emit({ type: 'refused', code: result.error, message: result.message });
      return;
    }
    this.emit({ type: 'error', code: result.error, message: result.message });
    // Connected but no acks: the "connected while 0 frames flow" failure. Reconnect rather than trust it.
    if (sender === this.carrier && result.error === 'TIMEOUT' && ++this.timeouts >= 2) {
      this.timeouts = 0;
      this.carrier.reconnect();
    }
  }

  private senderUp(name: SenderName): void {
    const sender = this.senders.get(name);
    if (sender === this.carrier) this.timeouts = 0;
    this.picker.up(name);
    if (sender === this.upgrade) this.stats.link = this.activeSender()?.link() ?? null;
  }

  /** An upgrade that ends hands frames back to the connection from the next frame on, with no wait. */
  private senderDown(name: SenderName, why?: { reason: string; message: string }): void {
    this.picker.down(name, Date.now());
    if (why) this.stats.webrtcEnd = why;
    if (this.senders.get(name) === this.upgrade) this.stats.link = this.activeSender()?.link() ?? null;
  }

  private senderEvent(e: SenderEvent): void {
    if (e.type === 'reconnecting') this.stats.reconnects++;
    if (e.type === 'refused' || e.type === 'kicked') [this.stats.lastError, this.stats.lastErrorMessage] = [e.code, e.message];
    if (e.type === 'refused' && isErrorCode(e.code) && AUTH_REFUSAL_CODES.has(e.code)) this.picker.authRefused(Date.now() + AUTH_RETRY_MS);
    this.emit(e);
  }
}
