/** A frame as the relay core handles it: one immutable object shared by every viewer. */
import type { MonitorFrameMeta, Link } from '../../shared/protocol.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LaneSink } from '../tracks/lane.js';

export interface Frame {
  readonly cameraId: string;
  readonly seq: number;
  /** Capture time, on the server clock when `meta.clockSynced`. */
  readonly capturedAt: number;
  readonly receivedAt: number;
  readonly link: Link;
  readonly jpeg: Buffer;
  /** The metadata sent to viewers, built once per frame rather than once per viewer. */
  readonly meta: MonitorFrameMeta;
}

/**
 * Where the relay delivers to one viewer, one sink per transport for every kind it carries: frames by
 * `write` (the viewer's newest-frame lanes), H.264 units by `unit` (its newest-GOP lanes). `done` is
 * called when the pipe can take the next. A transport that carries no H.264 (MJPEG) has no `unit`.
 */
export interface FrameSink extends LaneSink<Frame> {
  unit?(unit: H264Unit, done: () => void): void;
}
