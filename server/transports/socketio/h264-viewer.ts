/**
 * `/monitor`'s live H.264 (#30): the cameras a dashboard names in `subscribe.h264` that this node can
 * send so (their capture connection here offers H.264) come as `h264` events, each acked like a
 * frame; their JPEGs are held back while the H.264 flows, and come again by themselves when it stops.
 * A camera named in `subscribe.h264Rungs` comes at the rung its `widths` entry gets (stepped down as
 * its JPEGs would be) when its capture side makes H.264 rungs, else as those JPEGs. A link that cannot
 * carry what it gets, full size or a rung, steps it down the camera side's H.264 rungs and, once quiet,
 * back up (h264-step-down.ts), told to the page as a `rendition` notice like a JPEG step; a pinned size never moves.
 */
import type { Socket } from 'socket.io';
import type { FetchOwner } from '../frame-fetch/frame-fetch.js';
import type { LiveH264 } from '../../relay/live-h264.js';
import type { H264Unit } from '../../tracks/h264-lane.js';
import { H264StepDown, h264RungBelow } from '../../relay/h264-step-down.js';
import type { StepDown } from '../../relay/step-down.js';
import type { RememberedStep } from '../../relay/step-down-memory.js';
import type { Viewer } from '../../relay/viewer.js';

/** The longest a stream waits, at a change of sink, for what went the old way to be taken before it starts again. */
export const SWITCH_DRAIN_MS = 2000;

/** What this viewer now gets as H.264: every camera, and the rung width of those at a rung. */
export interface H264Taken {
  h264: string[];
  h264Widths: Record<string, number>;
}

export class H264Viewer {
  /** Camera → the rung it is watched at (null: full size). */
  private readonly watching = new Map<string, number | null>();
  /** Camera → which watch of it is the current one (each `live.watch` gets the next number). */
  private readonly watches = new Map<string, number>();
  private watchCount = 0;
  private readonly key: string;
  private readonly stepDown: H264StepDown;
  /** Per camera, what it was asked at (width, pinned): a change starts its step-down over. */
  private readonly askedAt = new Map<string, string>();
  private lastAsked: [string[] | undefined, string[] | undefined] = [undefined, undefined];
  private paused = false;
  /** The page's newest `pause` `resume` number: every stream it watches stamps it (shared/live-video.ts). */
  private resumed = 0;
  /** Units written and not yet taken (acked, or drained from a data channel's buffer). */
  private inFlight = 0;
  private drained: (() => void) | null = null;
  /** Counts sink changes: a restart waiting for the old path is dropped when another change comes. */
  private switches = 0;

  constructor(
    private readonly socket: Socket,
    private readonly live: LiveH264,
    private readonly viewer: Viewer,
    /** The camera's full width now, undefined before its first frame. */
    private readonly nativeWidth: (cameraId: string) => number | undefined,
    /** The viewer's frame-fetch GETs, which carry its units while its link is polling (frame-fetch.ts). */
    private readonly fetch: FetchOwner | null = null,
    now: () => number = Date.now,
    /** What this page's last connection learnt of its link (step-down-memory.ts): used for the same ask once. */
    private readonly remembered: ReadonlyMap<string, RememberedStep> = new Map(),
  ) {
    this.key = socket.id;
    this.stepDown = new H264StepDown(now);
    viewer.muted = (id) => this.watching.has(id) && live.sending(this.key, id);
    viewer.onSinkChange(() => this.sinkChanged());
    // The page drops its GETs at the upgrade, with any unit answered into them: each stream starts
    // again at its newest keyframe over the WebSocket, rather than with a hole a decoder cannot cross.
    if (fetch)
      socket.conn.once('upgrade', () => {
        for (const q of fetch.takeQueuedUnits()) q.done();
        if (this.paused) return; // a hidden tab's streams start again at their keyframe on its return
        this.live.pause(this.key, this.watching, true);
        this.live.pause(this.key, this.watching, false);
      });
  }

  /** Takes a checked subscribe's `h264` and `h264Rungs` lists (after its `widths` reached the viewer). */
  subscribe(asked: readonly string[] | undefined, askedRungs: readonly string[] | undefined): H264Taken {
    this.lastAsked = [asked && [...asked], askedRungs && [...askedRungs]];
    const want = new Map<string, number | null>();
    for (const id of asked ?? []) if (this.viewer.wants(id) && this.live.canSend(id)) want.set(id, this.stepped(id, null));
    for (const id of askedRungs ?? []) {
      const native = this.nativeWidth(id);
      if (!this.viewer.wants(id) || !this.live.canSend(id) || native === undefined) continue;
      const rung = this.stepped(id, this.viewer.rungOf(id, native)?.width ?? null);
      // Never full-size H.264 for a small tile: without rungs from its camera side it stays JPEG.
      if (rung === null || this.live.canSendRungs(id)) want.set(id, rung);
    }
    for (const [id, rung] of this.watching) {
      if (want.has(id) && want.get(id) === rung) continue;
      this.watching.delete(id);
      this.watches.delete(id);
      this.live.unwatch(this.key, id, rung, want.has(id));
    }
    for (const [id, rung] of want) {
      if (this.watching.has(id)) continue;
      this.watching.set(id, rung);
      const watch = ++this.watchCount;
      this.watches.set(id, watch);
      this.live.watch(
        this.key,
        id,
        // A lane the viewer left is closed (its track reader unsubscribed); this keeps any write of an old watch off the new one.
        { write: (unit, done) => (this.watches.get(id) === watch ? this.write(unit, done) : done()) },
        rung,
        () => this.skipped(id),
        this.resumed,
      );
    }
    // Keyed by camera ids, which may be Object.prototype's names (constructor, toString): no prototype to read through.
    const h264Widths = Object.create(null) as Record<string, number>;
    for (const [id, rung] of want) if (rung !== null) h264Widths[id] = rung;
    return { h264: [...want.keys()], h264Widths };
  }

  /** The width `id` goes at: `asked` (null: full size) as many rungs down as its link needed, when its capture side makes rungs. */
  private stepped(id: string, asked: number | null): number | null {
    const { width, pinned } = this.viewer.asked(id);
    const ask = `${width} ${pinned}`;
    const before = this.remembered.get(id);
    if (!this.askedAt.has(id) && before?.asked === ask) this.stepDown.restore(id, before.steps, before.quietMs);
    else if (this.askedAt.get(id) !== ask) this.stepDown.reset(id);
    this.askedAt.set(id, ask);
    const native = this.nativeWidth(id);
    if (pinned || native === undefined || !this.live.canSendRungs(id)) return asked;
    return h264RungBelow(asked, this.stepDown.steps(id), native).width;
  }

  /** The link fell a GOP behind on `id`: one rung down (not a pinned one, not below the narrowest, only to a rung its camera side makes). */
  private skipped(id: string): void {
    const rung = this.watching.get(id);
    const native = this.nativeWidth(id);
    if (rung === undefined || native === undefined || this.viewer.asked(id).pinned || !this.live.canSendRungs(id)) return;
    const step: StepDown = this.stepDown.of(id);
    step.skipped();
    if (!step.tick(h264RungBelow(rung, 0, native).canStepDown)) return;
    // After the lane's own offer has returned: it is the one that called this.
    queueMicrotask(() => this.moved(id, rung, native, step));
  }

  /** At each keyframe sent: a camera stepped down whose link skipped nothing for the quiet period goes one rung up. */
  private quiet(id: string): void {
    const rung = this.watching.get(id);
    const native = this.nativeWidth(id);
    if (rung === undefined || rung === null || native === undefined || this.viewer.asked(id).pinned) return;
    const step: StepDown = this.stepDown.of(id);
    // No skip is noted here, so the tick is a step up's.
    if (!step.tick(true)) return;
    // After the lane's pump has returned: it is writing this unit.
    queueMicrotask(() => this.moved(id, rung, native, step));
  }

  /** Subscribes again as last asked, and tells the viewer when that moved `id` from `was` (null: full size), as `step` says why. */
  private moved(id: string, was: number | null, native: number, step: StepDown): void {
    const why = step.reason;
    const [asked, askedRungs] = this.lastAsked;
    const taken = this.subscribe(asked, askedRungs);
    if (!taken.h264.includes(id)) return;
    const now = taken.h264Widths[id] ?? null;
    if (now === was) return;
    const full = `full size ${native}`;
    const reason = `${why}: ${was === null ? full : `rung ${was}`} → ${now ?? full}`;
    this.socket.emit('rendition', { cameraId: id, steps: this.stepDown.steps(id), window: step.inFlight, reason });
  }

  /** A hidden tab: nothing is sent; on return each camera starts again at its newest keyframe. */
  pause(paused: boolean, resume?: number): void {
    this.paused = paused;
    if (!paused && resume !== undefined) this.resumed = resume;
    this.live.pause(this.key, this.watching, paused, paused ? undefined : resume);
  }

  /** Each camera stepped down now, and the ask it was stepped down from: kept for the page's next connection. */
  remember(): Map<string, RememberedStep> {
    const out = new Map<string, RememberedStep>();
    for (const [id, asked] of this.askedAt) {
      const at = this.stepDown.standing(id);
      if (at) out.set(id, { asked, ...at });
    }
    return out;
  }

  close(): void {
    for (const [id, rung] of this.watching) this.live.unwatch(this.key, id, rung);
    this.watching.clear();
    this.watches.clear();
    this.switches++;
  }

  /**
   * The viewer's sink changed (a WebRTC upgrade took over, or ended): each stream stops, and once what was
   * written the old way is taken (at most `SWITCH_DRAIN_MS`), starts again the new way from its keyframe.
   * A decoder must get each unit once and in order: a unit of the old path arriving after the new path's
   * keyframe would be decoded against the wrong references.
   */
  private sinkChanged(): void {
    if (this.paused || this.watching.size === 0) return;
    const switched = ++this.switches;
    this.live.pause(this.key, this.watching, true);
    const restart = () => {
      clearTimeout(timer);
      this.drained = null;
      if (switched !== this.switches || this.paused) return;
      this.live.pause(this.key, this.watching, false);
    };
    const timer = setTimeout(restart, SWITCH_DRAIN_MS);
    timer.unref();
    if (this.inFlight === 0) restart();
    else this.drained = restart;
  }

  private write(unit: H264Unit, done: () => void): void {
    if (unit.meta.keyframe) this.quiet(unit.meta.cameraId);
    // One sink per transport carries every kind (frame.ts): Socket.IO's (a WebSocket packet, or a GET of
    // its own on long-polling), or the WebRTC data channel's once the page takes media that way.
    const now = this.viewer.currentSink;
    const sink = now.unit ? now : this.viewer.homeSink;
    this.inFlight++;
    sink.unit!(unit, () => {
      if (--this.inFlight === 0) this.drained?.();
      done();
    });
  }
}
