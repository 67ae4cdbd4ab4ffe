/**
 * The capture engine, run by the Node capture client and the browser capture page alike: the fps
 * gate, frames numbered and sent newest-wins with a bounded number in flight (the `jpeg` lane of the
 * connection's one uplink queue, uplink.ts), each by the sender the picker chooses from a sender table,
 * the clock offset stamped on, and the status line's numbers.
 * The table's senders are held by role in sender-lineup.ts, and each frame's result is read in frame-outcomes.ts.
 * It knows no source and no encoder: the host hands it JPEG bytes.
 */
import type { CaptureFrameMeta, SourceStatus } from '../../shared/protocol.js';
import { NO_DEMAND, type CaptureDemand, type CaptureOffer } from '../../shared/demand.js';
import { AUTH_RETRY_MS } from '../../shared/errors.js';
import { DemandRungs } from './demand-rungs.js';
import { FallbackUnits } from './fallback-units.js';
import { FpsGate } from './fps-gate.js';
import { FrameOutcomes } from './frame-outcomes.js';
import { H264Link } from './h264-link.js';
import { PtzLink } from './ptz-link.js';
import { TalkLink } from './talk-link.js';
import { rolesOf, TransportPicker } from './picker.js';
import { isFinalRefusal } from './refusals.js';
import type { Sender, SenderContext, SenderModule, SenderTarget } from './sender.js';
import { SenderLineup } from './sender-lineup.js';
import { newCaptureStats, type CaptureStats } from './stats.js';
import type { SendResult } from './send-result.js';
import { Uplink } from './uplink.js';

/** Sender name → module: the ways a host can send (the page's table, the capture client's with WebRTC). */
export type SenderTable = { readonly [name: string]: SenderModule };

type EventOf<M> = M extends { create(ctx: SenderContext<infer E>): unknown } ? E : never;

/** Everything the senders of a table report. */
export type TableEvent<T extends SenderTable> = { [N in keyof T]: EventOf<T[N]> }[keyof T];

/** Everything the engine reports as it happens: what its senders report, refusals and failed sends. */
export type CaptureEvent<T extends SenderTable> =
  TableEvent<T> | { type: 'refused'; code: string; message: string } | { type: 'error'; code: string; message: string } | { type: 'relinking'; why: string };

/** A JPEG to send; `capturedAt` on the host's clock (ms since 1970). */
export interface CaptureFrame {
  jpeg: Uint8Array;
  capturedAt: number;
  width?: number;
  height?: number;
  /** A smaller JPEG made for one of the demand's widths (sent as `meta.rung`); absent: the full picture. */
  rung?: number;
}

export interface CaptureEngineOptions<T extends SenderTable> extends SenderTarget {
  /** `auto`, or one sender of the table by name. */
  transport: 'auto' | (keyof T & string);
  /** Frames per second to send at most; extra frames from the source are skipped. */
  fps: number;
  maxInFlight?: number;
  /** In `auto`, how long the connection (Socket.IO) may be down before frames go by the fallback (HTTP POST). */
  fallbackAfterMs?: number;
  /** Send the clock offset to the server (default true); the benchmark, on one machine, turns it off. */
  syncClock?: boolean;
  onEvent?: (e: CaptureEvent<T>) => void;
  now?: () => number;
}

/** What the engine reads of any sender's news. */
type News = { type: string; code?: string; message?: string; demand?: CaptureDemand; via?: string };

/** A fresh id per run: frames of a new run win over an old one's. A page over plain HTTP has no randomUUID. */
export function newSessionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class CaptureEngine<T extends SenderTable> {
  readonly stats: CaptureStats = newCaptureStats();
  /** The connection's one uplink queue: every kind's lane and policy, JPEG's included (uplink.ts, #56). */
  readonly uplink: Uplink;
  /** H.264 access units, rungs and sound into their lanes of the uplink (h264-link.ts). */
  readonly h264: H264Link;
  /** The relay's PTZ commands in, the camera's PTZ caps out (ptz-link.ts). */
  readonly ptz = new PtzLink(() => this.senders.carrier);
  /** The relay's talk-back to the camera (talk-link.ts). */
  readonly talk = new TalkLink(() => this.senders.carrier);
  /** The senders this transport uses, by name and by role (sender-lineup.ts). */
  private readonly senders = new SenderLineup<keyof T & string>();
  private readonly fallbackUnits: FallbackUnits;
  private readonly picker: TransportPicker<keyof T & string>;
  /** What each full frame's result means: counted, the picker told, a stuck connection reconnected (frame-outcomes.ts). */
  private readonly outcomes: FrameOutcomes<keyof T & string>;
  private readonly gate: FpsGate;
  private readonly now: () => number;
  private readonly emit: (e: CaptureEvent<T>) => void;
  /** One seq for full frames and rungs alike, so a viewer moved from one to the other sees it rise. */
  private seq = 0;
  /** The relay's demand, and the frames sent for its widths (demand-rungs.ts). */
  private readonly rungs: DemandRungs;
  private closed = false;
  private readonly target: SenderTarget & { session: string };

  constructor(
    table: T,
    private readonly options: CaptureEngineOptions<T>,
  ) {
    type N = keyof T & string;
    this.now = options.now ?? Date.now;
    this.emit = options.onEvent ?? (() => {});
    this.gate = new FpsGate(options.fps);
    this.rungs = new DemandRungs({
      carrier: () => this.senders.carrier,
      syncClock: options.syncClock !== false,
      closed: () => this.closed,
      // Rungs keep their own newest-wins pacer per width, and leave by the uplink's way for a JPEG.
      send: (carrier, meta, jpeg) => (this.uplink.jpegAsUnit(carrier) ? this.uplink.carry('jpeg', meta, jpeg, carrier) : carrier.send(meta, jpeg)),
    });
    const target = (this.target = { ...options, session: options.session ?? newSessionId() });
    this.fallbackUnits = new FallbackUnits({
      connection: () => this.senders.carrier,
      fallback: () => this.senders.fallback,
      link: () => this.h264,
      rungs: () => this.rungs,
    });
    const carrier = () => this.fallbackUnits.carrier();
    const syncClock = options.syncClock !== false;
    this.uplink = new Uplink({
      carrier,
      session: target.session,
      syncClock,
      sendJpeg: (meta, jpeg) => this.transmit(meta, jpeg),
      jpegWindow: options.maxInFlight ?? 2,
      onDrop: (kind) => kind === 'jpeg' && this.countDropped(),
    });
    this.h264 = new H264Link({ carrier, session: target.session, syncClock, uplink: this.uplink });
    this.picker = new TransportPicker<N>(rolesOf<N>(table), { mode: options.transport, fallbackAfterMs: options.fallbackAfterMs ?? 3000 }, this.now());
    const { stats, picker, senders, now } = this;
    this.outcomes = new FrameOutcomes({ stats, picker, senders, now, activeSender: () => this.activeSender(), emit: (e) => this.emit(e) });
    const context = (name: N, carrier: SenderContext<never>['carrier']): SenderContext<never> => ({
      target,
      forced: options.transport === name,
      carrier,
      wanted: (mode) => this.picker.wantsUpgrade(mode),
      up: () => this.senderUp(name),
      down: (why) => this.senderDown(name, why),
      onEvent: (e: News) => this.senderEvent(e),
    });
    this.senders.build(this.picker.lineup, (name, carrier) => table[name]!.create(context(name, carrier)));
  }

  /** Takes a frame from the source; returns false when it was skipped to honour the fps. */
  push(frame: CaptureFrame): boolean {
    if (!this.admit()) return false;
    this.send(frame);
    return true;
  }

  /**
   * The fps gate: true when a frame arriving now should be sent. Asked before any work on the
   * frame (a resize, an encode), so frames that will be skipped cost nothing.
   */
  admit(now = this.now()): boolean {
    return !this.closed && this.gate.take(now);
  }

  /**
   * Sends an admitted frame: numbered now, sent when a transport can take it, newest wins. A rung
   * frame goes only while its width is demanded, on the connection (the demand came by it).
   */
  send(frame: CaptureFrame): void {
    if (this.closed) return;
    const meta: CaptureFrameMeta = { seq: this.seq++, capturedAt: Math.round(frame.capturedAt) };
    if (frame.width) meta.width = frame.width;
    if (frame.height) meta.height = frame.height;
    if (frame.rung !== undefined) return this.rungs.send(frame.rung, meta, frame.jpeg);
    this.stats.produced++;
    // Its outcome is counted in transmit; a frame replaced while it waited, by `onDrop`.
    this.uplink.offer('jpeg', meta, frame.jpeg);
  }

  /** What the relay asks of this camera now (NO_DEMAND until it says, and while disconnected). */
  get currentDemand(): CaptureDemand {
    return this.rungs.demand;
  }

  /** Hears each new demand: start and stop making what it asks (H.264, JPEG widths). */
  onDemand(listener: (demand: CaptureDemand) => void): () => void {
    return this.rungs.onDemand(listener);
  }

  /**
   * Offers this from now on (an encoder found after connecting): the connection connects again to say so.
   * `why` (e.g. `to offer H.264`) is what the status line says while it does, in place of "no link".
   */
  offer(offers: readonly CaptureOffer[], why = 'to change what it offers'): void {
    this.target.offers = offers;
    if (!this.senders.carrier?.ready()) return;
    this.stats.relink = why;
    this.senders.carrier.reconnect(0);
    // After the drop, so a status line redrawn on this event already reads `reconnecting …`.
    this.emit({ type: 'relinking', why });
  }

  /** Counts a frame lost before it could be sent (a failed resize or encode, say). */
  countDropped(): void {
    this.stats.dropped++;
  }

  /** True while a frame is being sent: work on another now would only replace the one waiting. */
  get busy(): boolean {
    return this.uplink.lane('jpeg').inFlight > 0;
  }

  /** The sender frames go through right now, or null when none can take them. */
  activeSender(): Sender | null {
    const picked = this.picker.pick(this.now());
    return picked === null ? null : this.senders.get(picked);
  }

  /** The named sender, when this transport uses it (for status and tests). */
  sender<N extends keyof T & string>(name: N): ReturnType<T[N]['create']> | null {
    return this.senders.get(name) as ReturnType<T[N]['create']> | null;
  }

  /** Tells the relay, by every sender that can, whether the camera gives frames or why it waits for it. */
  sourceStatus(status: SourceStatus): void {
    this.senders.sourceStatus(status);
  }

  close(): void {
    this.closed = true;
    this.uplink.clear({ ok: false, error: 'NETWORK', message: 'the capture engine closed' });
    this.rungs.clear();
    this.senders.close();
  }

  /** One JPEG the uplink's window let go: by the picked sender, as a `jpeg` unit where the unit carrier takes them (#56). */
  private async transmit(meta: CaptureFrameMeta, jpeg: Uint8Array): Promise<SendResult> {
    const name = this.picker.pick(this.now());
    const sender = name === null ? null : this.senders.get(name);
    this.stats.link = sender?.link() ?? null;
    if (name === null || !sender || this.closed) {
      this.countDropped();
      return { ok: false, error: 'DROPPED', message: 'no transport could take the frame' };
    }
    const offset = this.options.syncClock === false ? null : sender.clockOffset();
    if (offset !== null) meta.clockOffset = Math.round(offset);
    const sentAt = this.now();
    this.stats.sent++;
    const carrier = this.fallbackUnits.carrier();
    const asUnit = sender === carrier && this.uplink.jpegAsUnit(carrier);
    const sending = asUnit ? this.uplink.carry('jpeg', meta, jpeg, carrier) : sender.send(meta, jpeg);
    // On trial the upgrade gets a copy too; the connection's ack still paces and counts the frame.
    const trial = sender === this.senders.carrier && this.senders.upgrade?.state === 'trial';
    if (trial) this.senders.upgrade!.offer(meta, jpeg);
    const result = await sending;
    if (!this.closed) this.outcomes.take(name, sender, result, this.now() - sentAt, trial);
    return result;
  }

  private senderUp(name: keyof T & string): void {
    if (this.senders.get(name) === this.senders.carrier) this.outcomes.connected();
    this.picker.up(name);
    this.stats.link = this.activeSender()?.link() ?? null;
  }

  /** An upgrade that ends hands frames back to the connection from the next frame on, with no wait. */
  private senderDown(name: keyof T & string, why?: { reason: string; message: string }): void {
    this.picker.down(name, this.now());
    if (why) this.stats.webrtcEnd = why;
    this.stats.link = this.activeSender()?.link() ?? null;
  }

  private senderEvent(e: News): void {
    if (this.fallbackUnits.news(e)) return this.emit(e as CaptureEvent<T>);
    if (e.type === 'reconnecting') this.stats.reconnects++;
    // The chosen reconnect is over once the connection is back, or failed: then "no link" is the truth.
    if (['connected', 'refused', 'unreachable', 'kicked'].includes(e.type)) this.stats.relink = null;
    if (e.type === 'connected' || e.type === 'disconnected') this.h264.connection(e.type === 'connected');
    if (e.type === 'connected' || e.type === 'disconnected') this.ptz.connection(e.type === 'connected');
    if (e.type === 'connected' || e.type === 'disconnected') this.talk.connection(e.type === 'connected');
    if (e.type === 'demand' && e.demand) this.rungs.set(e.demand);
    if (e.type === 'demand' && e.demand) this.h264.demand(e.demand);
    // The relay forgets a connection's demand when it ends, and tells it again on connect.
    if (e.type === 'disconnected' && this.rungs.demand !== NO_DEMAND) this.rungs.set(NO_DEMAND);
    if (e.type === 'link') this.stats.link = this.activeSender()?.link() ?? null;
    if (e.type === 'refused' || e.type === 'kicked') [this.stats.lastError, this.stats.lastErrorMessage] = [e.code ?? null, e.message ?? null];
    if (e.type === 'refused' && isFinalRefusal(e.code)) this.picker.refused(this.now() + AUTH_RETRY_MS);
    this.emit(e as CaptureEvent<T>);
  }
}
