/**
 * Demand flows down, frames flow up (#28): what the relay asks of a camera's capture client, and
 * the H.264 access units a client sends when asked. A client that never reads `demand` keeps
 * working: the relay then encodes for recording and resizes for tiles itself, as before.
 */

/**
 * What a capture client says it can make, in its handshake (`CaptureAuth.offers`). 'h264-rungs': H.264
 * at the demand's `h264Widths` too, made from pictures it decodes anyway (grid tiles, #30). 'detect': it runs
 * the object detector itself and sends `detections` units at the demand's `detect.rate` (#39), so the relay
 * uses its verdicts instead of detecting this camera's frames. 'mic': a browser camera (the capture page) that sends its
 * microphone as `aac` units (AAC or Opus, as its browser encodes) when the demand's `audio` asks, with no H.264 (#40).
 */
export const CAPTURE_OFFERS = ['h264', 'rungs', 'h264-rungs', 'detect', 'talk', 'mic'] as const;
export type CaptureOffer = (typeof CAPTURE_OFFERS)[number];

/** Most JPEG widths one demand asks for (the relay's rung ladder is shorter). */
export const DEMAND_WIDTHS_MAX = 8;

/** `demand` on `/capture`: sent on connect and again on each change, coalesced. */
export interface CaptureDemand {
  /** Every frame as H.264 (`h264` events), keyframes at most 2 s apart, for the recorder or live viewers (#30); false: none. */
  h264: boolean;
  /** JPEG widths (px, ascending) viewers or motion detection use below the full picture; [] for none. */
  widths: number[];
  /**
   * H.264 widths (px, ascending, at most DEMAND_WIDTHS_MAX) live viewers watch below the full picture, each
   * its own stream (`h264-rung` events); sent only to a client that offers 'h264-rungs'. Absent: none.
   */
  h264Widths?: number[];
  /**
   * True while a live viewer watches the full-size `h264` stream: each unit goes at once. False: only the recorder
   * takes it, so the client may hold units up to UNITS_HOLD_MS and send several in one `units` message (#38).
   * Absent (an older relay): as true.
   */
  h264Live?: boolean;
  /** True: this relay takes `units` (several units per message and per ack, shared/units.ts). Absent: one event per unit. */
  units?: boolean;
  /** True: this relay takes JPEG frames as `jpeg` units, alone (the `jpeg` event) or in a `units` batch (#56). Absent: the `frame` event. */
  jpegUnits?: boolean;
  /**
   * Sent only to a client that offers 'detect' (#39): detect the newest full frame `rate` times a second (DETECT_RATE_MIN
   * to DETECT_RATE_MAX) and send each verdict as a `detections` unit, while motion lasts on the camera; null: detect nothing.
   */
  detect?: { rate: number; where?: DetectWhere } | null;
  /**
   * Sent only to a client that offers 'h264' or 'mic' (#40): true while the camera's sound is on in the Admin and wanted (someone
   * listens live, or it records), the AAC going beside the H.264; false: send no sound at all (the relay refuses it).
   * Absent (an older relay): sound goes with the H.264, as before. To a 'mic' client: true while the sound is on and someone
   * listens live or the camera records; it opens the microphone only then.
   */
  audio?: boolean;
  /**
   * Sent only to a 'mic' client that sends no H.264 (#40): the camera's sound is on in the Admin. The capture page then asks
   * for the microphone's permission at once, while the person who pressed Start is there, and opens it only when `audio` says.
   */
  sound?: boolean;
}

/** At most this many boxes in each list of `DetectWhere` (the relay sends its largest). */
export const DETECT_WHERE_BOXES_MAX = 32;
/** At most this many regions in a verdict's `looked` (common/detect/regions.ts's MAX_REGIONS). */
export const DETECT_LOOKED_MAX = 4;

/**
 * Where a capture side that detects should look (#57 item 2): the relay's motion boxes and its tracked objects' boxes,
 * [x, y, w, h] in a `width`×`height` picture (the relay's frame of the camera; scaled to the frame detected). The capture
 * side crops regions around them, as the relay does; absent, it looks at the whole picture.
 */
export interface DetectWhere {
  width: number;
  height: number;
  motion: Array<[number, number, number, number]>;
  objects: Array<[number, number, number, number]>;
}

/** The bounds of `CaptureDemand.detect.rate`, per second (docs/detection.md: 0.2-5, 2 by default). */
export const DETECT_RATE_MIN = 0.2;
export const DETECT_RATE_MAX = 5;

/** The demand a relay makes of a client that offers nothing: the full-size JPEG only. */
export const NO_DEMAND: CaptureDemand = { h264: false, widths: [] };

/** Metadata of one H.264 access unit (`h264` on `/capture`; the payload is Annex B). */
export interface H264FrameMeta {
  /** +1 per access unit of this H.264 stream; a gap in it is a hole the recorder marks. */
  seq: number;
  /** Capture time of the picture, ms since the epoch on the capture PC's clock. */
  capturedAt: number;
  /** An IDR picture; it carries its SPS and PPS in-band, so a segment can start at it. */
  keyframe: boolean;
  width: number;
  height: number;
  /** As `CaptureFrameMeta.clockOffset`: (server clock − capture clock) in ms, when known. */
  clockOffset?: number;
  session?: string;
  /**
   * The stream's codec when it is not H.264: 'h265' only for an IP camera's H.265 main stream the
   * user asked to record by copy (`--record-h265 copy`); otherwise the capture side encodes H.265
   * to H.264 and this is absent. The payload is then H.265 Annex B (VPS, SPS, PPS in-band at IDRs).
   */
  codec?: 'h265';
}

/**
 * Metadata of one H.264 access unit of a rung stream (`h264-rung` on `/capture`): as `H264FrameMeta`, for
 * the stream made at `rung` px wide, one of the demand's `h264Widths`. Each rung is its own stream with
 * its own rising `seq` and keyframes. A separate event, not `h264` with a rung: `h264` is the recorder's
 * full-size stream, and a relay that knows no rungs must never take a small one for it.
 */
export interface H264RungMeta extends H264FrameMeta {
  rung: number;
}

/** `keyframe` on `/capture` may name a rung stream: `{ rung }`; no argument is the full-size stream. */
export interface KeyframeRequest {
  rung: number;
}

/** Largest AAC frame a client may send (a raw frame of 1024 samples is ~1.5 KB at 384 kbit/s stereo). */
export const AAC_FRAME_MAX_BYTES = 8192;

/**
 * Metadata of one AAC frame (`aac` on `/capture`; the payload is one raw AAC frame, its ADTS
 * header removed). Sent beside the `h264` events while the demand asks for `h264` and `audio` (#40) and the main
 * stream carries AAC: the recorder keeps it by copy with the video, and live listeners hear it (shared/live-audio.ts).
 */
export interface AacFrameMeta {
  /** +1 per frame of this audio stream; a gap is a hole (the recorder skips it, it never stretches time). */
  seq: number;
  /** Capture time of the frame's first sample, ms since the epoch on the capture PC's clock. */
  capturedAt: number;
  /** Samples per second (8000–96000) and channels (1–8), as the AudioSpecificConfig says. */
  sampleRate: number;
  channels: number;
  /** The AudioSpecificConfig, hex (2–16 bytes): what a container's audio track needs to play the frames. */
  config: string;
  clockOffset?: number;
  session?: string;
  /**
   * 'opus' (#40, a browser camera whose browser encodes no AAC): the payload is one Opus packet (common/codec/opus.ts),
   * `config` the body of its `dOps` box as hex, `sampleRate` 48000. Absent: AAC.
   */
  codec?: 'opus';
}

/** Largest `detections` unit a client may send: 100 boxes as JSON take about 7 KiB. */
export const DETECTIONS_MAX_BYTES = 16 * 1024;

/**
 * Metadata of one detector verdict (`detections` unit, #39; the payload is UTF-8 JSON of Detection[],
 * common/detect/nanodet-decode.ts: label, score, box [x, y, width, height] in the pixels of the frame it was
 * found in). Sent while the demand's `detect` asks, at its rate.
 */
export interface DetectionsMeta {
  /** +1 per verdict of this camera's detector; a seq that does not rise is refused. */
  seq: number;
  /** Capture time of the frame detected, ms since the epoch on the capture PC's clock. */
  capturedAt: number;
  /** The frame the boxes are in, in pixels (the full picture the source gave, before any --width resize). */
  width: number;
  height: number;
  /** The regions looked at, [x, y, w, h] in that frame (at most DETECT_LOOKED_MAX); absent: the whole frame. An object outside them is not missed by this look. */
  looked?: Array<[number, number, number, number]>;
  clockOffset?: number;
  session?: string;
}

/**
 * The demand over the HTTP fallback (#38): a POST names its offers in `offers` (comma-separated, as `CaptureAuth.offers`),
 * and every answer to an authorised POST carries the camera's demand as JSON in `demand` (absent: nothing is asked).
 */
export const HTTP_DEMAND_HEADERS = { offers: 'x-camrelay-offers', demand: 'x-camrelay-demand' } as const;
