/**
 * The `jpeg` event on `/capture` (#56): one JPEG as a `jpeg` unit with its own ack, sent only to a relay whose demand
 * says `jpegUnits` (shared/demand.ts); its meta and bytes are the `frame` event's. Several go in a `units` batch.
 */
import type { CaptureFrameMeta, FrameAck } from './protocol.js';

export interface JpegUnitEvents {
  jpeg: (meta: CaptureFrameMeta, jpeg: Uint8Array, ack: (result: FrameAck) => void) => void;
}
