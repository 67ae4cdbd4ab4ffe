/**
 * What the relay lets in before a frame is kept: a JPEG's bytes, room for a camera it does not know
 * yet (--max-cameras), and the --max-fps cap per camera, for JPEG frames and H.264 units alike. Its
 * own file because every ingest transport asks it (`relay.admission`) and it needs nothing of the
 * fan-out: each refusal is counted once here, where it is decided.
 */
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { checkJpeg, type FrameLimits } from './frame-check.js';
import { FpsLimit } from './fps-limit.js';
import { UNIT_BOUNDS, type UnitSettings } from './unit-kinds.js';
import type { JpegSize } from '../../common/codec/jpeg.js';
import type { RelayObserver } from './observer.js';

export interface AdmissionOptions {
  limits: FrameLimits;
  maxFps?: number | undefined;
  maxCameras?: number | undefined;
  observer: RelayObserver;
  now: () => number;
  /** The cameras the relay lists (its registry): a camera listed already always has room. */
  cameras: { has(cameraId: string): boolean; readonly size: number };
}

export class Admission {
  private readonly fpsLimit: FpsLimit;
  /** The same cap on H.264 units and verdicts per stream, with their kinds' burst (unit-kinds.ts). */
  private readonly unitLimit: FpsLimit;

  constructor(private readonly o: AdmissionOptions) {
    this.fpsLimit = new FpsLimit(o.maxFps, o.now, UNIT_BOUNDS.jpeg.rate.burstSeconds);
    this.unitLimit = new FpsLimit(o.maxFps, o.now, UNIT_BOUNDS.h264.rate.burstSeconds);
  }

  /** The settings the kinds' bounds read (unit-kinds.ts): JPEG's bytes. */
  get settings(): UnitSettings {
    return this.o.limits;
  }

  /** Checks one JPEG of `cameraId` (bytes, room, rate); its size when it may go on, else the counted refusal. */
  frame(cameraId: string, jpeg: Buffer): Result<JpegSize> {
    const checked = checkJpeg(jpeg, this.o.limits);
    if (!checked.ok) return this.refuse(checked.error);
    if (!this.hasRoomFor(cameraId)) return this.refuse(new CamrelayError('TOO_MANY_CAMERAS'));
    if (!this.fpsLimit.take(cameraId)) return this.refuse(new CamrelayError('RATE_LIMITED'));
    return ok(checked.size);
  }

  /** Whether one more H.264 unit of `cameraId`'s `stream` (main, or a rung's width) fits under --max-fps; a refusal is counted. */
  unit(cameraId: string, stream: string): CamrelayError | null {
    if (this.unitLimit.take(cameraId, stream)) return null;
    const error = new CamrelayError('RATE_LIMITED');
    this.noteRefused(error);
    return error;
  }

  /** False when `cameraId` is new and the relay already has `maxCameras` cameras. */
  hasRoomFor(cameraId: string): boolean {
    return this.o.cameras.has(cameraId) || this.o.cameras.size < (this.o.maxCameras ?? Infinity);
  }

  /** Counts a frame refused before it was kept, here or by a transport (bad metadata, body too large). */
  noteRefused(error: CamrelayError): void {
    this.o.observer.refused(error.code);
  }

  refuse<T>(error: CamrelayError): Result<T> {
    this.noteRefused(error);
    return fail(error);
  }

  /** Drops a camera's rate state (it was deleted or forgotten). */
  forget(cameraId: string): void {
    this.fpsLimit.forget(cameraId);
    this.unitLimit.forget(cameraId);
  }
}
