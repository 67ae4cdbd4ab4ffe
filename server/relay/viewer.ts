/**
 * One viewer of the relay: which cameras it watches, and one newest-frame-wins lane (lane.ts) and step-down per camera.
 * It reads each camera from one JPEG track at a time (fan-out.ts), through its own lane of the camera, kept across moves.
 */
import type { Transport } from '../../shared/protocol.js';
import type { RenditionNotice } from '../../shared/subscription.js';
import type { Frame, FrameSink } from './frame.js';
import type { RelayObserver } from './observer.js';
import { RungGovernor } from './rung-governor.js';
import { LOW_QUALITY_RUNG, lowerRung, rungFor, type Rung } from './rungs.js';
import type { StepDown } from './step-down.js';
import type { Lane, LaneSink } from '../tracks/lane.js';
import { ViewerLane } from './viewer-lane.js';
import type { Track } from '../tracks/track.js';
import { ViewerSlot, type FrameLane } from '../tracks/viewer-slot.js';

export class Viewer {
  private watching: ReadonlySet<string> | '*' = new Set();
  /** The width it shows each camera at (device pixels), as it said when it subscribed. */
  private widths: Readonly<Record<string, number>> | undefined;
  /** Per camera, the automatic step-down of its rung; only for viewers that said their widths. */
  private readonly governors = new Map<string, StepDown>();
  /** Per camera, the rung worked out at its newest frame and the camera's width then. */
  private readonly rungs = new Map<string, { nativeWidth: number; rung: Rung | null }>();
  private pinned: ReadonlySet<string> = new Set();
  private readonly slots = new Map<string, FrameLane<Frame>>();
  private isPaused = false;
  private closed = false;
  private readonly sinkListeners: Array<() => void> = [];
  /** The JPEG track each camera is read from now (fan-out.ts places it). */
  readonly reads = new Map<string, Track<Frame>>();
  /** The sink a JPEG track holds for this viewer: its lanes are the viewer's own slots (`laneOf`), on whatever sink it has now. */
  readonly trackSink: LaneSink<Frame> = { write: (frame, done) => this.sink.write(frame, done) };

  /** The sink the viewer was opened with: its own transport's, which an upgrade borrows from. */
  readonly homeSink: FrameSink;
  private readonly homeTransport: Transport;

  /** `refresh` hands the viewer the newest frame of each camera (the relay's offerLatest); `onWatch` hears each new subscription. */
  constructor(
    private sink: FrameSink,
    private currentTransport: Transport,
    private readonly observer: RelayObserver,
    private readonly may: (cameraId: string) => boolean,
    private readonly onClose: () => void,
    private readonly refresh: (viewer: Viewer) => void = () => {},
    private readonly onWatch: (viewer: Viewer) => void = () => {},
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

  /** The sink everything goes out by now: the home sink, or an upgrade's. */
  get currentSink(): FrameSink {
    return this.sink;
  }

  /** Hears each change of the transport media go by (H.264's lanes start again there from a keyframe, h264-viewer.ts). */
  onSinkChange(listener: () => void): void {
    this.sinkListeners.push(listener);
  }

  /** Delivers by `sink` from now on, for every camera (see `ViewerSlot.setSink`). */
  setSink(sink: FrameSink, transport: Transport): void {
    // A WebRTC trial's sink still delivers by the viewer's own transport: only a change of transport moves the stream.
    const changed = transport !== this.currentTransport;
    this.sink = sink;
    this.currentTransport = transport;
    for (const slot of this.slots.values()) slot.setSink(sink);
    if (changed) for (const l of this.sinkListeners) l();
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
    const before = this.widths;
    const pinnedBefore = this.pinned;
    this.watching = cameraIds === '*' ? '*' : new Set(cameraIds.filter((id) => this.may(id)));
    this.widths = widths && this.visibleWidths(widths);
    this.pinned = new Set(pinned.filter((id) => this.may(id)));
    // A new width starts from the rung it asks for, one frame in flight; the link is measured again from there.
    // A camera asked at the same width keeps its step-down: scrolling subscribes again with every tile that comes into sight.
    for (const id of new Set([...this.governors.keys(), ...this.rungs.keys()])) {
      const same = before !== undefined && this.widths !== undefined && before[id] === this.widths[id] && pinnedBefore.has(id) === this.pinned.has(id);
      if (same && this.wants(id)) continue;
      this.governors.delete(id);
      this.rungs.delete(id);
      const slot = this.slots.get(id);
      if (slot) slot.window = 1;
    }
    for (const [id, slot] of this.slots) {
      if (!this.wants(id)) {
        slot.close();
        this.slots.delete(id);
      }
    }
    this.onWatch(this);
  }

  /** The cameras it watches by name, or '*' for all: what it may want (`wants` says whether it does now). */
  get watched(): ReadonlySet<string> | '*' {
    return this.watching;
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
   * asked (none asked: native), stepped down while its link cannot carry that rung. The rung worked
   * out at the camera's newest frame is kept, so its renditions are handed out with no second look.
   */
  rungOf(cameraId: string, nativeWidth: number): Rung | null {
    if (!this.widths) return null;
    const known = this.rungs.get(cameraId);
    if (known?.nativeWidth === nativeWidth) return known.rung;
    return this.stepped(cameraId, rungFor(this.widths[cameraId], nativeWidth), nativeWidth);
  }

  /** What the viewer asked for `cameraId` last: the width it shows it at, and whether the rung is pinned (live H.264 rungs, #30). */
  asked(cameraId: string): { width: number | undefined; pinned: boolean } {
    return { width: this.widths?.[cameraId], pinned: this.pinned.has(cameraId) };
  }

  /** Told when the relay changes a camera's rung or frames in flight for this viewer, and why (its transport tells the viewer). */
  onStep: ((notice: RenditionNotice) => void) | null = null;

  /**
   * The camera made a frame (`nativeWidth` wide): what the viewer's link took is measured against
   * it. Returns the rung the viewer gets this frame at (null: native), worked out once per frame.
   */
  cameraFrame(cameraId: string, nativeWidth: number): Rung | null {
    if (!this.widths) return null;
    const wanted = this.wants(cameraId);
    const asked = rungFor(this.widths[cameraId], nativeWidth);
    const governed = wanted && !this.isPaused && !this.pinned.has(cameraId);
    const rung = governed ? this.govern(cameraId, asked, nativeWidth) : this.stepped(cameraId, asked, nativeWidth);
    // Updated in place, no allocation per frame; kept only for cameras it watches, so bounded by what it may see.
    const known = this.rungs.get(cameraId);
    if (known) {
      known.nativeWidth = nativeWidth;
      known.rung = rung;
    } else if (wanted) this.rungs.set(cameraId, { nativeWidth, rung });
    return rung;
  }

  /** `asked`, as many rungs down as the link measured so far needs. */
  private stepped(cameraId: string, asked: Rung | null, nativeWidth: number): Rung | null {
    const steps = this.governors.get(cameraId)?.steps ?? 0;
    return steps === 0 ? asked : lowerRung(asked, steps, nativeWidth).rung;
  }

  /** Measures the link against this frame, steps the rung or the frames in flight when it must, and says which rung the frame goes at. */
  private govern(cameraId: string, asked: Rung | null, nativeWidth: number): Rung | null {
    let governor = this.governors.get(cameraId);
    if (!governor) this.governors.set(cameraId, (governor = new RungGovernor()));
    let lower = lowerRung(asked, governor.steps, nativeWidth);
    if (governor.tick(lower.canStepDown)) {
      lower = lowerRung(asked, governor.steps, nativeWidth);
      const slot = this.slots.get(cameraId);
      if (slot) slot.window = governor.inFlight;
      const reason = lower.rung === LOW_QUALITY_RUNG ? `${governor.reason}; JPEG quality ${LOW_QUALITY_RUNG.quality}` : governor.reason;
      this.onStep?.({ cameraId, steps: governor.steps, window: governor.inFlight, reason });
    }
    return governor.steps === 0 ? asked : lower.rung;
  }

  /** Cameras this viewer takes as live H.264 now (#30): it reads none of their JPEG tracks meanwhile (fan-out.ts). */
  muted: (cameraId: string) => boolean = () => false;

  wants(cameraId: string): boolean {
    return (this.watching === '*' || this.watching.has(cameraId)) && this.may(cameraId);
  }

  /** A track's lane of `cameraId` for this viewer: its own slot of the camera, which a move to another rung's track keeps. */
  laneOf(cameraId: string): Lane<Frame> {
    return new ViewerLane(this, cameraId, this.slots);
  }

  offer(frame: Frame): void {
    if (!this.isPaused && this.wants(frame.cameraId)) this.take(frame);
  }

  /** `offer` from a track, which has asked `wants` and `paused` already (no second look per frame). */
  take(frame: Frame): void {
    if (this.closed) return;
    this.governors.get(frame.cameraId)?.frameOffered();
    let slot = this.slots.get(frame.cameraId);
    if (!slot) {
      slot = new ViewerSlot(this.sink, this.taken, this.drop);
      slot.window = this.governors.get(frame.cameraId)?.inFlight ?? 1;
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
