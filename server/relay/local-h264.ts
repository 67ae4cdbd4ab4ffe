/**
 * The camera side's H.264 as the relay core passes it on (#28, recording by copy): access units from
 * this node's capture clients go to whoever listens (live-h264.ts, which publishes them on the `h264` track every reader
 * reads, the recorder included), untouched; the core decodes nothing.
 */
import type { AacFrameMeta, H264FrameMeta } from '../../shared/demand.js';

/** One access unit, its capture time on the server clock when the client's clock offset is known. */
export type H264Listener = (cameraId: string, meta: H264FrameMeta, au: Buffer, receivedAt: number) => void;

/** One AAC frame of the same camera's main stream, its capture time on the server clock like the video's. */
export type AacListener = (cameraId: string, meta: AacFrameMeta, frame: Buffer) => void;

export class LocalH264 {
  private readonly listeners = new Set<H264Listener>();
  private readonly aacListeners = new Set<AacListener>();
  private readonly offerListeners = new Set<(cameraId: string, rungs: boolean) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one checked access unit from a capture transport (unit-check.ts). */
  ingest(cameraId: string, meta: H264FrameMeta, au: Buffer): void {
    const capturedAt = typeof meta.clockOffset === 'number' ? meta.capturedAt + meta.clockOffset : meta.capturedAt;
    const receivedAt = this.now();
    for (const l of this.listeners) l(cameraId, { ...meta, capturedAt }, au, receivedAt);
  }

  /** Takes one checked AAC frame (unit-check.ts), onto the server clock as the video is. */
  ingestAac(cameraId: string, meta: AacFrameMeta, frame: Buffer): void {
    const capturedAt = typeof meta.clockOffset === 'number' ? meta.capturedAt + meta.clockOffset : meta.capturedAt;
    for (const l of this.aacListeners) l(cameraId, { ...meta, capturedAt }, frame);
  }

  /** Hears every AAC frame from this node's capture clients. */
  onAac(listener: AacListener): void {
    this.aacListeners.add(listener);
  }

  /** Hears every access unit from this node's capture clients. */
  onH264(listener: H264Listener): void {
    this.listeners.add(listener);
  }

  /** A capture client of `cameraId` connected offering H.264 (`CaptureAuth.offers`), and at rung widths too (`rungs`, 'h264-rungs'). */
  offered(cameraId: string, rungs = false): void {
    for (const l of this.offerListeners) l(cameraId, rungs);
  }

  onOffered(listener: (cameraId: string, rungs: boolean) => void): void {
    this.offerListeners.add(listener);
  }
}
