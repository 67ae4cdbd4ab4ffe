/**
 * Live H.264 to viewers (#30), the core's part: the camera side's access units (LocalH264) go to the
 * viewers that take the camera as H.264, each through its own lane (newest wins by GOP, h264-lane.ts),
 * with the camera's current GOP kept for viewers that join (h264-fan-out.ts). A camera with such a
 * viewer is asked for H.264 (demand), and kept asked for `RELEASE_MS` after the last one leaves, so a
 * tab that flips does not restart the camera side's encoder. Knows no transport: a viewer is a key
 * and a `write` that resolves when the viewer took the unit.
 */
import type { H264FrameMeta } from '../../shared/demand.js';
import type { MonitorH264Meta } from '../../shared/protocol.js';
import type { Demand } from './demand.js';
import { H264FanOut } from './h264-fan-out.js';
import { h264Codec } from './h264-codec.js';
import type { H264Unit } from './h264-lane.js';
import type { LocalH264 } from './local-h264.js';

/** A camera's demand for H.264 outlives its last live viewer this long. */
export const RELEASE_MS = 10_000;
/** A viewer sent no unit of a camera for this long (its H.264 stopped): it gets the camera's JPEGs again. */
export const H264_QUIET_MS = 2500;

export interface LiveH264Deps {
  h264: LocalH264;
  demand: Demand;
  /** The camera's capture session number as its JPEGs carry it (MonitorFrameMeta.epoch). */
  epochOf: (cameraId: string) => number;
  now?: () => number;
}

/** Since start, read by /metrics at scrape time (plain numbers: nothing labelled on the per-unit path). */
export interface LiveH264Counts {
  /** Units and their bytes sent to viewers. */
  sent: number;
  bytes: number;
  /** Times a slow viewer's waiting units were dropped and it went on from the next keyframe. */
  skipped: number;
  /** Keyframe requests sent to capture sides (already rate-limited per camera). */
  keyframes: number;
}

interface Camera {
  fan: H264FanOut;
  codec: string | null;
  release: ReturnType<typeof setTimeout> | null;
}

export class LiveH264 {
  private readonly cameras = new Map<string, Camera>();
  /** When each viewer was last sent a unit of each camera: `${viewer}\n${camera}`. */
  private readonly lastSent = new Map<string, number>();
  private readonly now: () => number;
  readonly counts: LiveH264Counts = { sent: 0, bytes: 0, skipped: 0, keyframes: 0 };

  constructor(private readonly deps: LiveH264Deps) {
    this.now = deps.now ?? Date.now;
    deps.h264.onH264((cameraId, meta, au, receivedAt) => this.offer(cameraId, meta, au, receivedAt));
  }

  /** Whether this node can send `cameraId` as H.264 now (its capture connection here offers it). */
  canSend(cameraId: string): boolean {
    return this.deps.demand.offersH264(cameraId);
  }

  /** The viewer takes `cameraId` as H.264 from now on; `write` resolves when it acked a unit. */
  watch(viewer: string, cameraId: string, write: (unit: H264Unit) => Promise<void>): void {
    let cam = this.cameras.get(cameraId);
    if (!cam) {
      const fan = new H264FanOut({
        now: this.now,
        onSkip: () => this.counts.skipped++,
        requestKeyframe: () => {
          this.counts.keyframes++;
          this.deps.demand.requestKeyframe(cameraId);
        },
      });
      cam = { fan, codec: null, release: null };
      this.cameras.set(cameraId, cam);
    }
    if (cam.release) clearTimeout(cam.release);
    cam.release = null;
    this.deps.demand.setLiveWanted(cameraId, true);
    const key = `${viewer}\n${cameraId}`;
    cam.fan.join(viewer, (unit) => {
      this.lastSent.set(key, this.now());
      this.counts.sent++;
      this.counts.bytes += unit.au.length;
      return write(unit);
    });
  }

  /** Viewer–camera pairs taking H.264 on this node now. */
  get viewers(): number {
    let n = 0;
    for (const cam of this.cameras.values()) n += cam.fan.viewers;
    return n;
  }

  unwatch(viewer: string, cameraId: string): void {
    const cam = this.cameras.get(cameraId);
    this.lastSent.delete(`${viewer}\n${cameraId}`);
    if (!cam) return;
    cam.fan.leave(viewer);
    if (cam.fan.viewers > 0 || cam.release) return;
    cam.release = setTimeout(() => {
      cam.release = null;
      if (cam.fan.viewers > 0) return;
      this.cameras.delete(cameraId);
      this.deps.demand.setLiveWanted(cameraId, false);
    }, RELEASE_MS);
    cam.release.unref?.();
  }

  pause(viewer: string, cameraIds: Iterable<string>, paused: boolean): void {
    for (const id of cameraIds) {
      const fan = this.cameras.get(id)?.fan;
      if (paused) fan?.pause(viewer);
      else fan?.resume(viewer);
    }
  }

  /** True while the viewer gets `cameraId` as H.264: it was sent a unit within `H264_QUIET_MS`. */
  sending(viewer: string, cameraId: string): boolean {
    const at = this.lastSent.get(`${viewer}\n${cameraId}`);
    return at !== undefined && this.now() - at < H264_QUIET_MS;
  }

  close(): void {
    for (const cam of this.cameras.values()) if (cam.release) clearTimeout(cam.release);
    this.cameras.clear();
  }

  private offer(cameraId: string, meta: H264FrameMeta, au: Buffer, receivedAt: number): void {
    const cam = this.cameras.get(cameraId);
    // H.265 (copied for the recorder at the user's word) is not sent live: browsers decode it in few places.
    if (!cam || meta.codec) return;
    if (meta.keyframe) cam.codec = h264Codec(au) ?? cam.codec;
    if (!cam.codec) return; // no SPS seen yet: nothing a decoder could start from
    const m: MonitorH264Meta = {
      cameraId,
      seq: meta.seq,
      epoch: this.deps.epochOf(cameraId),
      capturedAt: meta.capturedAt,
      clockSynced: typeof meta.clockOffset === 'number',
      receivedAt,
      width: meta.width,
      height: meta.height,
      keyframe: meta.keyframe,
      codec: cam.codec,
    };
    cam.fan.offer({ meta: m, au });
  }
}
