/** One viewer of the relay: which cameras it watches, and one latest-frame-wins slot per camera. */
import type { RenditionNotice, Transport } from '../../shared/protocol.js';
import type { Frame, FrameSink } from './frame.js';
import type { RelayObserver } from './observer.js';
import { RungGovernor } from './rung-governor.js';
import { LOW_QUALITY_RUNG, lowerRung, rungFor, type Rung } from './rungs.js';
import { ViewerSlot } from './viewer-slot.js';

export class Viewer {
  private watching: ReadonlySet<string> | '*' = new Set();
  /** The width it shows each camera at (device pixels), as it said when it subscribed. */
  private widths: Readonly<Record<string, number>> | undefined;
  /** Per camera, the automatic step-down of its rung; only for viewers that said their widths. */
  private readonly governors = new Map<string, RungGovernor>();
  private pinned: ReadonlySet<string> = new Set();
  private readonly slots = new Map<string, ViewerSlot>();
  private isPaused = false;
  private closed = false;

  /** The sink the viewer was opened with: its own transport's, which an upgrade borrows from. */
  readonly homeSink: FrameSink;
  private readonly homeTransport: Transport;

  /** `refresh` hands the viewer the newest frame of each camera (the relay's offerLatest). */
  constructor(
    private sink: FrameSink,
    private currentTransport: Transport,
    private readonly observer: RelayObserver,
    private readonly may: (cameraId: string) => boolean,
    private readonly onClose: () => void,
    private readonly refresh: (viewer: Viewer) => void = () => {},
  ) {
    this.homeSink = sink;
    this.homeTransport = currentTransport;
  }

  private readonly taken = (frame: Frame, ms: number) => {
    this.observer.delivered(frame, this.currentTransport, Date.now() - frame.receivedAt);
    this.governors.get(frame.cameraId)?.frameTaken(ms);
  };

  /** The transport frames go out by now; it changes when a viewer upgrades to WebRTC and back. */
  get transport(): Transport {
    return this.currentTransport;
  }

  /** Delivers by `sink` from now on, for every camera (see `ViewerSlot.setSink`). */
  setSink(sink: FrameSink, transport: Transport): void {
    this.sink = sink;
    this.currentTransport = transport;
    for (const slot of this.slots.values()) slot.setSink(sink);
  }
  /** Back to the sink the viewer was opened with (an upgrade ended), with the newest frames at once. */
  restoreSink(): void {
    this.setSink(this.homeSink, this.homeTransport);
    this.offerLatest();
  }

  /** The newest frame of every camera it watches, now rather than at the next capture. */
  offerLatest(): void {
    this.refresh(this);
  }

  private readonly drop = (frame: Frame) => this.observer.dropped(frame.cameraId, 'slow_viewer');

  /**
   * Watches these cameras ('*' for all, including ones that appear later) and nothing else. Ids it
   * may not see are not kept: what a viewer holds is bounded by what it may see, not by what it sends.
   */
  subscribe(cameraIds: readonly string[] | '*', widths?: Readonly<Record<string, number>>, pinned: readonly string[] = []): void {
    this.watching = cameraIds === '*' ? '*' : new Set(cameraIds.filter((id) => this.may(id)));
    this.widths = widths && this.visibleWidths(widths);
    this.pinned = new Set(pinned.filter((id) => this.may(id)));
    // A new width starts from the rung it asks for, one frame in flight; the link is measured again from there.
    this.governors.clear();
    for (const slot of this.slots.values()) slot.window = 1;
    for (const [id, slot] of this.slots) {
      if (!this.wants(id)) {
        slot.close();
        this.slots.delete(id);
      }
    }
  }

  private visibleWidths(widths: Readonly<Record<string, number>>): Record<string, number> {
    const kept: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [id, width] of Object.entries(widths)) if (this.may(id)) kept[id] = width;
    return kept;
  }

  /** Camera ids this viewer keeps from its subscription, in all three lists (for tests and limits). */
  get idsKept(): number {
    return (this.watching === '*' ? 0 : this.watching.size) + Object.keys(this.widths ?? {}).length + this.pinned.size;
  }

  /** While paused (e.g. a hidden tab) the viewer is sent nothing; frames are not queued for it. */
  setPaused(paused: boolean): void {
    this.isPaused = paused;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /**
   * The rendition rung it gets a camera's frames at, or null for native: the rung for the width it
   * asked (none asked: native), stepped down while its link cannot carry that rung.
   */
  rungOf(cameraId: string, nativeWidth: number): Rung | null {
    if (!this.widths) return null;
    const asked = rungFor(this.widths[cameraId], nativeWidth);
    const steps = this.governors.get(cameraId)?.steps ?? 0;
    return steps === 0 ? asked : lowerRung(asked, steps, nativeWidth).rung;
  }

  /** Told when the relay changes a camera's rung or window for this viewer, and why (its transport tells the viewer). */
  onStep: ((notice: RenditionNotice) => void) | null = null;

  /** The camera made a frame (`nativeWidth` wide): what the viewer's link took is measured against it. */
  cameraFrame(cameraId: string, nativeWidth: number): void {
    if (!this.widths || this.isPaused || this.pinned.has(cameraId) || !this.wants(cameraId)) return;
    let governor = this.governors.get(cameraId);
    if (!governor) this.governors.set(cameraId, (governor = new RungGovernor()));
    const asked = rungFor(this.widths[cameraId], nativeWidth);
    if (governor.tick(lowerRung(asked, governor.steps, nativeWidth).canStepDown)) {
      const slot = this.slots.get(cameraId);
      if (slot) slot.window = governor.window;
      const lowQuality = lowerRung(asked, governor.steps, nativeWidth).rung === LOW_QUALITY_RUNG;
      const reason = lowQuality ? `${governor.reason}; JPEG quality ${LOW_QUALITY_RUNG.quality}` : governor.reason;
      this.onStep?.({ cameraId, steps: governor.steps, window: governor.window, reason });
    }
  }

  wants(cameraId: string): boolean {
    return (this.watching === '*' || this.watching.has(cameraId)) && this.may(cameraId);
  }

  offer(frame: Frame): void {
    if (this.closed || this.isPaused || !this.wants(frame.cameraId)) return;
    this.governors.get(frame.cameraId)?.frameOffered();
    let slot = this.slots.get(frame.cameraId);
    if (!slot) {
      slot = new ViewerSlot(this.sink, this.taken, this.drop);
      slot.window = this.governors.get(frame.cameraId)?.window ?? 1;
      this.slots.set(frame.cameraId, slot);
    }
    slot.offer(frame);
  }

  /** Frames held for this viewer across all cameras (at most two per camera). */
  get held(): number {
    let n = 0;
    for (const slot of this.slots.values()) n += slot.held;
    return n;
  }

  get dropped(): number {
    let n = 0;
    for (const slot of this.slots.values()) n += slot.dropped;
    return n;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots.values()) slot.close();
    this.slots.clear();
    this.onClose();
  }
}
