/** A captured JPEG as the relay core keeps it, with the viewers' metadata built once: for full frames and camera-side rungs alike. */
import type { CaptureFrameMeta, Link } from '../../shared/protocol.js';
import type { Frame } from './frame.js';

export interface FrameFacts {
  cameraId: string;
  meta: CaptureFrameMeta;
  jpeg: Buffer;
  link: Link;
  epoch: number;
  receivedAt: number;
  /** As read from the JPEG's header, not as the client said. */
  size: { width: number; height: number };
}

/** The frame, its capture time moved onto the server's clock when the client sent its clock offset. */
export function frameOf(f: FrameFacts): Frame {
  const { cameraId, meta, epoch, receivedAt } = f;
  const clockSynced = typeof meta.clockOffset === 'number';
  const capturedAt = clockSynced ? meta.capturedAt + meta.clockOffset! : meta.capturedAt;
  const { width, height } = f.size;
  return {
    cameraId,
    seq: meta.seq,
    capturedAt,
    receivedAt,
    link: f.link,
    jpeg: f.jpeg,
    meta: { cameraId, seq: meta.seq, epoch, capturedAt, clockSynced, receivedAt, width, height },
  };
}
