/**
 * Every kind of media unit a capture side sends (#56 item 3) and every bound the relay holds it to, stated once:
 * its bytes at most (over them, its own too-large code), and the gate its rate goes through. Each door reads this
 * table (the Socket.IO events and `units` batch, the HTTP POSTs, the WebRTC ingest channel), as do `readUnits`, the
 * checkers (unit-check.ts, frame-check.ts), admission's rate gates and the transports' buffer and body sizes.
 * The checker and taker of each kind are in unit-check.ts / frame-check.ts and unit-takers.ts, keyed by the same kinds.
 */
import { ACCESS_UNIT_MAX } from '../../common/codec/annexb.js';
import { AAC_FRAME_MAX_BYTES, DETECTIONS_MAX_BYTES } from '../../shared/demand.js';
import type { ErrorCodeName } from '../../shared/errors.js';
import { UNITS_BATCH_BYTES, type UnitKind } from '../../shared/units.js';

/** The relay's settings a bound may depend on: only JPEG's bytes are a setting (--max-frame-bytes). */
export interface UnitSettings {
  maxFrameBytes: number;
}

/**
 * How a kind's rate is bounded: 'max-fps' spends --max-fps per camera and stream with `burstSeconds` of burst
 * (admission.ts); 'sound-clock' may not outrun the samples' own clock (audio-pace.ts).
 */
export type RateGate = { gate: 'max-fps'; burstSeconds: number } | { gate: 'sound-clock' };

export interface KindBounds {
  /** Bytes of one unit, at most. */
  maxBytes(settings: UnitSettings): number;
  /** The code a unit over `maxBytes` is refused with, alone or in a batch. */
  tooLarge: ErrorCodeName;
  rate: RateGate;
}

// A capture side's 4 s uplink backlog comes at once after a reconnect: units get 5 s of burst, JPEG (newest wins) half a second of jitter.
const UNIT_BURST: RateGate = { gate: 'max-fps', burstSeconds: 5 };

/** The bounds of each kind, in UNIT_KINDS' order. */
export const UNIT_BOUNDS = {
  h264: { maxBytes: () => ACCESS_UNIT_MAX, tooLarge: 'H264_TOO_LARGE', rate: UNIT_BURST },
  'h264-rung': { maxBytes: () => ACCESS_UNIT_MAX, tooLarge: 'H264_TOO_LARGE', rate: UNIT_BURST },
  aac: { maxBytes: () => AAC_FRAME_MAX_BYTES, tooLarge: 'AAC_TOO_LARGE', rate: { gate: 'sound-clock' } },
  detections: { maxBytes: () => DETECTIONS_MAX_BYTES, tooLarge: 'DETECTIONS_TOO_LARGE', rate: UNIT_BURST },
  jpeg: { maxBytes: (s: UnitSettings) => s.maxFrameBytes, tooLarge: 'FRAME_TOO_LARGE', rate: { gate: 'max-fps', burstSeconds: 0.5 } },
} as const satisfies Record<UnitKind, KindBounds>;

/** The largest unit of any kind: what one message or body must have room for besides a full batch. */
export function largestUnitBytes(settings: UnitSettings): number {
  return Math.max(...Object.values(UNIT_BOUNDS).map((b: KindBounds) => b.maxBytes(settings)));
}

/** The largest payload one message or POST carries: a full batch (UNITS_BATCH_BYTES), or one unit of any kind alone. */
export function largestPayloadBytes(settings: UnitSettings): number {
  return Math.max(UNITS_BATCH_BYTES, largestUnitBytes(settings));
}
