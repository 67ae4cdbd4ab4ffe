/**
 * The capture client's engine: paces frames, picks the transport (Socket.IO while it works, HTTP
 * POST when it does not, back to Socket.IO when it returns; the WebRTC data channel while the
 * server confirms it delivers) and keeps the numbers for the status line.
 */
import { randomUUID } from 'node:crypto';
import type { CaptureFrameMeta, Link } from '../shared/protocol.js';
import { AUTH_REFUSAL_CODES, AUTH_RETRY_MS, isErrorCode, type ErrorCodeName } from '../shared/errors.js';
import { Pacer } from './pacer.js';
import { TransportPicker } from './transport-picker.js';
import { HttpSender } from './senders/http.js';
import type { SendResult, Sender, SenderTarget } from './senders/sender.js';
import { SocketioSender, type SocketioEvent } from './senders/socketio.js';
import { WebrtcSender, type WebrtcEvent } from './senders/webrtc.js';
import type { SourceFrame } from './sources/source.js';

export const CAPTURE_TRANSPORTS = ['auto', 'socketio', 'http', 'webrtc'] as const;
export type CaptureTransport = (typeof CAPTURE_TRANSPORTS)[number];

/** Everything the client reports as it happens: connection changes, WebRTC upgrades, failed sends. */
export type CaptureEvent = SocketioEvent | WebrtcEvent | { type: 'error'; code: string; message: string };

export interface CaptureClientOptions extends SenderTarget {
  transport: CaptureTransport;
  /** Frames per second to send at most; extra frames from the source are skipped. */
  fps: number;
  maxInFlight?: number;
  /** In `auto`, how long Socket.IO may be down before frames go by HTTP POST. */
  fallbackAfterMs?: number;
  /** Send the clock offset to the server (default true); the benchmark, on one machine, turns it off. */
  syncClock?: boolean;
  onEvent?: (e: CaptureEvent) => void;
}

export interface CaptureStats {
  produced: number;
  sent: number;
  acked: number;
  /** Frames not sent: replaced by newer ones, or no transport could take them. */
  dropped: number;
  /** Frames the server answered with an error, or that timed out. */
  failed: number;
  rttMs: number | null;
  link: Link | null;
  reconnects: number;
  lastError: string | null;
  /** Why the last WebRTC upgrade ended (an abandon reason), or why none can start (an error code). */
  webrtcEnd: { reason: string; message: string } | null;
}

interface Pending {
  meta: CaptureFrameMeta;
  jpeg: Buffer;
}

export class CaptureClient {
  readonly stats: CaptureStats = { produced: 0, sent: 0, acked: 0, dropped: 0, failed: 0, rttMs: null, link: null, reconnects: 0, lastError: null, webrtcEnd: null };
  private readonly socketio: SocketioSender | null;
  private readonly http: HttpSender | null;
  /** The WebRTC upgrade (null when this transport never tries it), for status and tests. */
  readonly webrtc: WebrtcSender | null;
  private readonly pacer: Pacer<Pending>;
  private readonly picker: TransportPicker;
  private lastAcceptedAt = 0;
  private seq = 0;
  private timeouts = 0;

  constructor(private readonly options: CaptureClientOptions) {
    const emit = options.onEvent ?? (() => {});
    const target = { ...options, session: options.session ?? randomUUID() };
    this.picker = new TransportPicker({ mode: options.transport, fallbackAfterMs: options.fallbackAfterMs ?? 3000 }, Date.now());
    this.http = options.transport === 'socketio' ? null : new HttpSender(target);
    this.socketio =
      options.transport === 'http'
        ? null
        : new SocketioSender(target, (e) => {
            if (e.type === 'connected') {
              this.timeouts = 0;
              this.picker.socketConnected();
            }
            if (e.type === 'disconnected') this.picker.socketDisconnected(Date.now());
            if (e.type === 'reconnecting') this.stats.reconnects++;
            if (e.type === 'refused' || e.type === 'kicked') this.stats.lastError = e.code;
            if (e.type === 'refused' && isErrorCode(e.code) && AUTH_REFUSAL_CODES.has(e.code)) this.picker.authRefused(Date.now() + AUTH_RETRY_MS);
            emit(e);
          });
    const upgrades = this.socketio !== null && (options.transport === 'auto' || options.transport === 'webrtc');
    this.webrtc = upgrades ? new WebrtcSender(this.socketio!, { wanted: (mode) => this.picker.wantsWebrtc(mode), ackTimeoutMs: options.ackTimeoutMs, onEvent: (e) => this.webrtcEvent(e, emit) }) : null;
    this.pacer = new Pacer(options.maxInFlight ?? 2, (p) => this.transmit(p), () => this.countDropped());
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
    return picked === 'webrtc' ? this.webrtc : picked === 'socketio' ? this.socketio : picked === 'http' ? this.http : null;
  }

  close(): void {
    // First, while the socket can still tell the server the upgrade is over.
    this.webrtc?.close();
    this.socketio?.close();
    this.http?.close();
  }

  private async transmit(p: Pending): Promise<void> {
    const sender = this.activeSender();
    this.stats.link = sender?.link() ?? null;
    if (!sender) return this.countDropped();
    const offset = this.options.syncClock === false ? null : sender.clockOffset();
    if (offset !== null) p.meta.clockOffset = Math.round(offset);
    const sentAt = Date.now();
    this.stats.sent++;
    const sending = sender.send(p.meta, p.jpeg);
    // On trial the data channel gets a copy too; Socket.IO's ack still paces and counts the frame.
    const trial = sender === this.socketio && this.webrtc?.state === 'trial';
    if (trial) this.webrtc!.offer(p.meta, p.jpeg);
    this.account(sender, await sending, Date.now() - sentAt, trial);
  }

  private account(sender: Sender, result: SendResult, rtt: number, trial: boolean): void {
    const transportFailed = !result.ok && (result.error === 'TIMEOUT' || result.error === 'NETWORK');
    this.picker.sent(sender === this.webrtc ? 'webrtc' : sender === this.socketio ? 'socketio' : 'http', !transportFailed, Date.now());
    // Sent on trial, the frame (or a newer one) may reach the server first by the data channel: no loss.
    if (result.ok || (trial && result.error === 'STALE_FRAME')) {
      this.stats.acked++;
      // The data channel has no ack: no round trip to show.
      this.stats.rttMs = sender === this.webrtc ? null : rtt;
      this.timeouts = 0;
      if (this.stats.lastError !== null && sender === this.activeSender()) this.stats.lastError = null;
      return;
    }
    this.stats.failed++;
    this.stats.lastError = result.error;
    // A refused token over HTTP: the same slow retry and the same words as on Socket.IO.
    if (AUTH_REFUSAL_CODES.has(result.error as ErrorCodeName)) {
      this.picker.authRefused(Date.now() + AUTH_RETRY_MS);
      this.options.onEvent?.({ type: 'refused', code: result.error, message: result.message });
      return;
    }
    this.options.onEvent?.({ type: 'error', code: result.error, message: result.message });
    // Connected but no acks: the "connected while 0 frames flow" failure. Reconnect rather than trust it.
    if (sender === this.socketio && result.error === 'TIMEOUT' && ++this.timeouts >= 2) {
      this.timeouts = 0;
      this.socketio.reconnect();
    }
  }

  private webrtcEvent(e: WebrtcEvent, emit: (e: CaptureEvent) => void): void {
    // In `auto` a server without WebRTC is the normal case, not news.
    if (e.state === 'unavailable' && this.options.transport !== 'webrtc') return;
    if (e.state === 'active') this.picker.webrtcActive(true);
    if (e.state === 'ended' || e.state === 'unavailable') {
      // Frames go by Socket.IO again from the next one on, with no wait.
      this.picker.webrtcActive(false);
      this.stats.webrtcEnd = { reason: e.reason, message: e.message };
    }
    if (e.state === 'active' || e.state === 'ended') this.stats.link = this.activeSender()?.link() ?? null;
    emit(e);
  }
}
