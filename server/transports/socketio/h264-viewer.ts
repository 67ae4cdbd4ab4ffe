/**
 * `/monitor`'s live H.264 (#30): the cameras a dashboard names in `subscribe.h264` that this node can
 * send so (their capture connection here offers H.264) come as `h264` events, each acked like a
 * frame; their JPEGs are held back while the H.264 flows, and come again by themselves when it stops.
 * A camera named in `subscribe.h264Rungs` comes at the rung its `widths` entry gets (stepped down as
 * its JPEGs would be) when its capture side makes H.264 rungs, else as those JPEGs; a link that cannot carry
 * that rung steps it down (h264-step-down.ts), told to the page as a `rendition` notice like a JPEG step.
 */
import type { Socket } from 'socket.io';
import type { FetchOwner } from '../frame-fetch/frame-fetch.js';
import type { LiveH264 } from '../../relay/live-h264.js';
import type { H264Unit } from '../../relay/h264-lane.js';
import { H264StepDown, SKIP_WINDOW_MS, SKIPS_TO_STEP } from '../../relay/h264-step-down.js';
import { lowerRung } from '../../relay/rungs.js';
import type { Viewer } from '../../relay/viewer.js';

/** What this viewer now gets as H.264: every camera, and the rung width of those at a rung. */
export interface H264Taken {
  h264: string[];
  h264Widths: Record<string, number>;
}

export class H264Viewer {
  /** Camera → the rung it is watched at (null: full size). */
  private readonly watching = new Map<string, number | null>();
  private readonly key: string;
  private readonly stepDown = new H264StepDown();
  /** Per camera in `h264Rungs`, what it was asked at (width, pinned): a change starts its step-down over. */
  private readonly askedAt = new Map<string, string>();
  private lastAsked: [string[] | undefined, string[] | undefined] = [undefined, undefined];
  private paused = false;
  /** The page's newest `pause` `resume` number: every stream it watches stamps it (shared/live-video.ts). */
  private resumed = 0;

  constructor(
    private readonly socket: Socket,
    private readonly live: LiveH264,
    private readonly viewer: Viewer,
    /** The camera's full width now, undefined before its first frame. */
    private readonly nativeWidth: (cameraId: string) => number | undefined,
    /** The viewer's frame-fetch GETs, which carry its units while its link is polling (frame-fetch.ts). */
    private readonly fetch: FetchOwner | null = null,
  ) {
    this.key = socket.id;
    viewer.muted = (id) => this.watching.has(id) && live.sending(this.key, id);
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
    for (const id of asked ?? []) if (this.viewer.wants(id) && this.live.canSend(id)) want.set(id, null);
    for (const id of askedRungs ?? []) {
      const native = this.nativeWidth(id);
      if (!this.viewer.wants(id) || !this.live.canSend(id) || native === undefined) continue;
      const { width, pinned } = this.viewer.asked(id);
      if (this.askedAt.get(id) !== `${width} ${pinned}`) this.stepDown.reset(id);
      this.askedAt.set(id, `${width} ${pinned}`);
      const steps = pinned ? 0 : this.stepDown.steps(id);
      const rung = lowerRung(this.viewer.rungOf(id, native), steps, native).rung?.width ?? null;
      // Never full-size H.264 for a small tile: without rungs from its camera side it stays JPEG.
      if (rung === null || this.live.canSendRungs(id)) want.set(id, rung);
    }
    for (const [id, rung] of this.watching) {
      if (want.has(id) && want.get(id) === rung) continue;
      this.watching.delete(id);
      this.live.unwatch(this.key, id, rung);
    }
    for (const [id, rung] of want) {
      if (this.watching.has(id)) continue;
      this.watching.set(id, rung);
      this.live.watch(
        this.key,
        id,
        (unit) => this.write(unit),
        rung,
        () => this.skipped(id),
        this.resumed,
      );
    }
    const h264Widths: Record<string, number> = {};
    for (const [id, rung] of want) if (rung !== null) h264Widths[id] = rung;
    return { h264: [...want.keys()], h264Widths };
  }

  /** The link fell a GOP behind on `id`: a rung it cannot carry steps down (not a pinned one, not below the narrowest). */
  private skipped(id: string): void {
    const rung = this.watching.get(id);
    const native = this.nativeWidth(id);
    if (rung === null || rung === undefined || native === undefined || this.viewer.asked(id).pinned) return;
    if (!this.stepDown.skipped(id)) return;
    // After the lane's own offer has returned: it is the one that called this.
    queueMicrotask(() => {
      const [asked, askedRungs] = this.lastAsked;
      const now = this.subscribe(asked, askedRungs).h264Widths[id];
      if (now === undefined || now >= rung) return;
      const reason = `its H.264 fell a GOP behind ${SKIPS_TO_STEP} times within ${SKIP_WINDOW_MS / 1000} s: rung ${rung} → ${now}`;
      this.socket.emit('rendition', { cameraId: id, steps: this.stepDown.steps(id), window: 1, reason });
    });
  }

  /** A hidden tab: nothing is sent; on return each camera starts again at its newest keyframe. */
  pause(paused: boolean, resume?: number): void {
    this.paused = paused;
    if (!paused && resume !== undefined) this.resumed = resume;
    this.live.pause(this.key, this.watching, paused, paused ? undefined : resume);
  }

  close(): void {
    for (const [id, rung] of this.watching) this.live.unwatch(this.key, id, rung);
    this.watching.clear();
  }

  private write(unit: H264Unit): Promise<void> {
    // On long-polling, binary inside Socket.IO's polls is base64: a GET of its own carries the unit as it is.
    if (this.fetch && this.socket.conn.transport.name === 'polling') return new Promise((resolve) => this.fetch!.pushUnit(unit, resolve));
    // H.264 does not gzip either; the ack is the lane's flow control.
    return new Promise((resolve) => this.socket.compress(false).emit('h264', unit.meta, unit.au, () => resolve()));
  }
}
