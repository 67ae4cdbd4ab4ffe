/**
 * A capture side's detector verdicts as the relay core passes them on (#39): checked `detections` units
 * (unit-check.ts) from this node's capture clients go to whoever listens (the detection module), their
 * capture time on the server clock as the camera's pictures are. The core looks at no box itself.
 */
import type { Detection } from '../../common/detect/nanodet-decode.js';
import type { DetectionsMeta } from '../../shared/demand.js';

/** One frame's verdict: `meta.capturedAt` on the server clock when the client's clock offset is known; boxes in `meta.width`×`meta.height` pixels. */
export type DetectionsListener = (cameraId: string, meta: DetectionsMeta, detections: Detection[]) => void;

export class LocalDetections {
  private readonly listeners = new Set<DetectionsListener>();

  /** Takes one checked verdict from a capture transport. */
  ingest(cameraId: string, meta: DetectionsMeta, detections: Detection[]): void {
    const capturedAt = typeof meta.clockOffset === 'number' ? meta.capturedAt + meta.clockOffset : meta.capturedAt;
    for (const l of this.listeners) l(cameraId, { ...meta, capturedAt }, detections);
  }

  /** Hears every verdict from this node's capture clients; returns a function that stops it. */
  on(listener: DetectionsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
