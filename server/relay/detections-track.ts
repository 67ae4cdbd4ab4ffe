/**
 * A capture side's detector verdicts as a track (#39, #56): the detections kind, newest frame wins. Checked `detections`
 * units (unit-check.ts) from this node's capture clients are published with their capture time on the server clock, as
 * the camera's pictures are, and read by whoever reads the camera's verdicts (the detection module, for the cameras it
 * asked for them). The core looks at no box itself. Not carried between nodes: the detector reads them where they enter.
 */
import type { Detection } from '../../common/detect/nanodet-decode.js';
import type { DetectionsMeta } from '../../shared/demand.js';
import { newestFrame } from '../tracks/policies.js';
import { Track } from '../tracks/track.js';
import type { KindContext, RelayKind } from './kind.js';

/** One frame's verdict: `meta.capturedAt` on the server clock when the client's clock offset is known; boxes in `meta.width`×`meta.height` pixels. */
export interface Verdict {
  cameraId: string;
  meta: DetectionsMeta;
  detections: Detection[];
}

/** A verdict's size in a lane, roughly as JSON (its bytes are bounded at ingest: DETECTIONS_MAX_BYTES). */
const verdictBytes = (v: Verdict): number => 64 + v.detections.length * 64;

export class DetectionsTrack extends Track<Verdict> {
  constructor(now: () => number) {
    super({ kind: 'detections', policy: newestFrame(verdictBytes), cameraOf: (v) => v.cameraId, now });
  }

  /** Takes one checked verdict from a capture transport: to every reader of its camera. */
  ingest(cameraId: string, meta: DetectionsMeta, detections: Detection[]): void {
    const capturedAt = typeof meta.clockOffset === 'number' ? meta.capturedAt + meta.clockOffset : meta.capturedAt;
    this.publish({ cameraId, meta: { ...meta, capturedAt }, detections });
  }
}

export function detectionsKind(c: KindContext): RelayKind<DetectionsTrack> {
  return { track: new DetectionsTrack(c.now) };
}
