/**
 * The relay's side of #28's "demand flows down, frames flow up": the demand each capture connection
 * is told (demand.ts), and the renditions the camera side sends back (rung-in.ts), which go to their
 * rung's viewers untouched. Kept out of relay.ts, which moves the cameras' own frames.
 */
import type { H264FrameMeta, H264RungMeta } from '../../shared/demand.js';
import type { CaptureFrameMeta, Link } from '../../shared/protocol.js';
import { ok, type Result } from '../../shared/result.js';
import { Demand } from './demand.js';
import { h264RungIn } from './h264-rung-in.js';
import { LiveH264 } from './live-h264.js';
import { LocalH264 } from './local-h264.js';
import type { FanOut } from './fan-out.js';
import type { FrameLimits } from './frame-check.js';
import type { Frame } from './frame.js';
import type { Rung } from './rungs.js';
import { rungIn } from './rung-in.js';
import { ListenedSound } from './listened-sound.js';
import type { SoundTrack } from './sound-track.js';

export interface CameraSideDeps {
  fan: () => FanOut;
  /** The camera's newest full frame. */
  latest: (cameraId: string) => Frame | undefined;
  limits: FrameLimits;
  now: () => number;
}

/** One access unit of a rung stream, its capture time on the server clock when the client's offset is known. */
export type H264RungListener = (cameraId: string, meta: H264RungMeta, au: Buffer, receivedAt: number) => void;

export class CameraSide {
  /** What each capture connection is asked to make; the capture transport sends it. */
  readonly demand: Demand;
  /** What this node's capture clients send in besides JPEG (H.264 and AAC), as the takers hand it over (unit-takers.ts): the `h264` and `sound` tracks' source. */
  readonly intake: LocalH264;
  /** Live H.264 to the viewers that take a camera so (live-h264.ts). */
  readonly live: LiveH264;
  /** Cameras' sound (#40): AAC frames of cameras whose sound is on, to the viewers listening and the recorder; its listeners shape the demand. */
  readonly sound: SoundTrack;
  private readonly fallbackListeners = new Set<(cameraId: string, rung: string, silentMs: number) => void>();
  private readonly rungListeners = new Set<H264RungListener>();

  constructor(private readonly deps: CameraSideDeps) {
    this.sound = new ListenedSound((id, on) => this.demand.read(id, 'listeners', on ? { track: 'sound' } : null));
    this.demand = new Demand({ viewedWidths: (id) => this.viewedWidths(id), soundOn: (id) => this.sound.allowed(id) });
    this.intake = new LocalH264(deps.now);
    this.intake.onAac((id, meta, frame) => this.sound.publishFrame(id, meta, frame));
    this.live = new LiveH264({ h264: this.intake, demand: this.demand, epochOf: (id) => deps.latest(id)?.meta.epoch ?? 0, now: deps.now });
    this.onH264Rung((id, meta, au, receivedAt) => this.live.offerRung(id, meta.rung, meta, au, receivedAt));
  }

  /** A JPEG sent with `meta.rung`: to that rung's viewers as it came, or refused (RUNG_NOT_DEMANDED). */
  ingest(cameraId: string, meta: CaptureFrameMeta & { rung: number }, jpeg: Buffer, link: Link): Result<Frame> {
    const { fan, latest, limits, now } = this.deps;
    const demanded = this.demand.widthsOf(cameraId);
    const r = rungIn({ cameraId, meta, jpeg, link, latest: latest(cameraId), demanded, limits, receivedAt: now() });
    if (!r.ok) return r;
    fan().renditions.supply(r.value.rendition, r.value.source, r.value.rung);
    return ok(r.value.rendition);
  }

  /** An access unit sent as `h264-rung` (checked as any unit by the transport): to the rung's live viewers, or refused. */
  ingestH264Rung(cameraId: string, meta: H264FrameMeta, rung: unknown, au: Buffer): Result<H264RungMeta> {
    const r = h264RungIn(meta, rung, this.demand.h264WidthsOf(cameraId));
    if (!r.ok) return r;
    const capturedAt = typeof meta.clockOffset === 'number' ? meta.capturedAt + meta.clockOffset : meta.capturedAt;
    const receivedAt = this.deps.now();
    for (const l of this.rungListeners) l(cameraId, { ...r.value, capturedAt }, au, receivedAt);
    return r;
  }

  /** Hears every rung stream's access unit from this node's capture clients (live-h264.ts). */
  onH264Rung(listener: H264RungListener): void {
    this.rungListeners.add(listener);
  }

  /** The camera's full width now (its newest frame's), or undefined before its first frame. */
  nativeWidth(cameraId: string): number | undefined {
    return this.deps.latest(cameraId)?.meta.width;
  }

  /** The camera side's narrowest picture of `cameraId` while it sends one, for motion detection. */
  smallestRung(cameraId: string): Frame | null {
    return this.deps.fan().renditions.smallestSupplied(cameraId);
  }

  /** Hears the relay take over a rung the camera side stopped supplying. */
  onFallback(listener: (cameraId: string, rung: string, silentMs: number) => void): void {
    this.fallbackListeners.add(listener);
  }

  /** Renditions' word that the camera side went silent on a rung (RenditionsOptions.onFallback). */
  readonly fellBack = (cameraId: string, rung: Rung, silentMs: number): void => {
    for (const l of this.fallbackListeners) l(cameraId, rung.label, silentMs);
  };

  close(): void {
    this.live.close();
    this.demand.close();
  }

  private viewedWidths(cameraId: string): number[] {
    return [...this.deps.fan().rungsWatched(cameraId)].map((r) => r.width);
  }
}
