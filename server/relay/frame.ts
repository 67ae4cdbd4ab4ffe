/** A frame as the relay core handles it: one immutable object shared by every viewer. */
import type { MonitorFrameMeta, Link } from '../../shared/protocol.js';
import type { LaneSink } from './lane.js';

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

/** Where the relay delivers frames to one viewer: `done` is called when the pipe can take the next frame. */
export type FrameSink = LaneSink<Frame>;
