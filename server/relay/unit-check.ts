/**
 * The core's checks of a capture side's media units (#38), as `frame-check.ts` is for its JPEGs: an H.264
 * access unit (main stream or a rung) and an AAC frame, each bounded in bytes before anything else is
 * looked at, its meta validated, its seq made to rise, and an H.264 unit's NAL units bounded to what an
 * encoder makes (common/codec/annexb.ts); a capture side's detector verdict (#39) bounded in bytes before it is
 * parsed, and in count and shape before any box is read. Pure: whatever transport brought the unit, it is checked here.
 */
import { AAC_FRAME_SAMPLES, ascSampleRate, isAudioSpecificConfigHex } from '../../common/codec/adts.js';
import { checkAnnexB } from '../../common/codec/annexb.js';
import { OPUS_RATE, readOpusConfig, readOpusPacket } from '../../common/codec/opus.js';
import { COCO_LABELS } from '../../common/detect/coco-labels.js';
import { MAX_DETECTIONS } from '../../common/detect/detect-filter.js';
import type { Detection } from '../../common/detect/nanodet-decode.js';
import { DETECT_LOOKED_MAX, type AacFrameMeta, type DetectionsMeta, type H264FrameMeta } from '../../shared/demand.js';
import { CamrelayError, ERROR_CODES } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';
import { UNIT_BOUNDS } from './unit-kinds.js';

/** Widest or tallest picture taken (8K). */
const SIDE_MAX = 8192;
const OFFERS_MAX = 8;

const count = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;

/** What every unit's meta carries besides its seq: a capture time (ms), and at most a clock offset and a short session id; null when not so. */
function stampOf({ capturedAt, clockOffset, session }: Record<string, unknown>): { capturedAt: number; clockOffset?: number } | null {
  if (typeof capturedAt !== 'number' || !Number.isFinite(capturedAt) || capturedAt < 0) return null;
  if (clockOffset !== undefined && (typeof clockOffset !== 'number' || !Number.isFinite(clockOffset))) return null;
  if (session !== undefined && (typeof session !== 'string' || session.length > 64)) return null;
  return clockOffset === undefined ? { capturedAt } : { capturedAt, clockOffset };
}

/** Checks one access unit's meta and bytes; `lastSeq` is the connection's last accepted seq. */
export function checkH264(meta: unknown, au: unknown, lastSeq: number): Result<{ meta: H264FrameMeta; au: Buffer }> {
  if (!Buffer.isBuffer(au) || au.length === 0) return fail(new CamrelayError('BAD_H264', 'The H.264 access unit must be sent as binary.'));
  if (au.length > UNIT_BOUNDS.h264.maxBytes()) return fail(new CamrelayError(UNIT_BOUNDS.h264.tooLarge));
  if (typeof meta !== 'object' || meta === null) return fail(new CamrelayError('BAD_H264'));
  const m = meta as Record<string, unknown>;
  const { seq, keyframe, width, height, codec } = m;
  const stamp = stampOf(m);
  const valid =
    count(seq, 0, Number.MAX_SAFE_INTEGER) &&
    stamp !== null &&
    typeof keyframe === 'boolean' &&
    count(width, 1, SIDE_MAX) &&
    count(height, 1, SIDE_MAX) &&
    (codec === undefined || codec === 'h265');
  if (!valid) return fail(new CamrelayError('BAD_H264'));
  // A seq that does not rise is a replay or a second stream: a hole (a rise by more than one) is the recorder's to mark.
  if (seq <= lastSeq) return fail(new CamrelayError('BAD_H264', `The H.264 seq must rise: ${seq} came after ${lastSeq}.`));
  // Bounded before anything stores, scans again or writes it (#37: a 70 KB SPS crashed the avcC writer).
  const fault = checkAnnexB(au, codec === 'h265' ? 'h265' : 'h264');
  if (fault?.fault === 'too_many_units') return fail(new CamrelayError('H264_TOO_MANY_NALS'));
  if (fault) return fail(new CamrelayError('H264_NOT_ENCODER_MADE', `${fault.detail} ${ERROR_CODES.H264_NOT_ENCODER_MADE.message}`));
  return ok({ meta: { seq, ...stamp, keyframe, width, height, ...(codec === 'h265' ? { codec } : {}) } as H264FrameMeta, au });
}

/** Whether the handshake's `offers` (bounded) include H.264. */
export function offersH264(auth: unknown): boolean {
  const offers = (auth as { offers?: unknown } | undefined)?.offers;
  return Array.isArray(offers) && offers.length <= OFFERS_MAX && offers.includes('h264');
}

/** A checked sound frame and its length, `samples` at `rate` Hz, read once here: its pace needs it (audio-pace.ts). */
export interface CheckedAac {
  meta: AacFrameMeta;
  frame: Buffer;
  samples: number;
  rate: number;
}

/** Checks one AAC frame's meta and bytes; `lastSeq` is the connection's last accepted audio seq. */
export function checkAac(meta: unknown, frame: unknown, lastSeq: number): Result<CheckedAac> {
  if (!Buffer.isBuffer(frame) || frame.length === 0) return fail(new CamrelayError('BAD_AAC', 'The AAC frame must be sent as binary.'));
  if (frame.length > UNIT_BOUNDS.aac.maxBytes()) return fail(new CamrelayError(UNIT_BOUNDS.aac.tooLarge));
  if (typeof meta !== 'object' || meta === null) return fail(new CamrelayError('BAD_AAC'));
  const m = meta as Record<string, unknown>;
  if (m.codec !== undefined) return checkOpus(m, frame, lastSeq);
  const { seq, sampleRate, channels, config } = m;
  const stamp = stampOf(m);
  if (typeof config !== 'string' || !isAudioSpecificConfigHex(config))
    return fail(new CamrelayError('BAD_AAC', 'The AAC config must be the AudioSpecificConfig as 2 to 16 bytes of hex.'));
  if (!count(sampleRate, 8000, 96000)) return fail(new CamrelayError('BAD_AAC', 'The AAC sampleRate must be a whole number from 8000 to 96000.'));
  if (!count(channels, 1, 8)) return fail(new CamrelayError('BAD_AAC', 'The AAC channels must be a whole number from 1 to 8.'));
  const valid = count(seq, 0, Number.MAX_SAFE_INTEGER) && stamp !== null;
  if (!valid) return fail(new CamrelayError('BAD_AAC'));
  if (seq <= lastSeq) return fail(new CamrelayError('BAD_AAC', `The AAC seq must rise: ${seq} came after ${lastSeq}.`));
  const checked: AacFrameMeta = { seq, ...stamp!, sampleRate, channels, config: config.toLowerCase() };
  // Paced at the lower of the two rates it states: saying 96 kHz beside a 48 kHz config buys no more frames a second.
  const rate = Math.min(sampleRate, ascSampleRate(config) ?? sampleRate);
  return ok({ meta: checked, frame, samples: AAC_FRAME_SAMPLES, rate });
}

/** An Opus packet's meta (`codec: 'opus'`, #40) and bytes, bounded as an encoder makes them (common/codec/opus.ts). */
function checkOpus(m: Record<string, unknown>, frame: Buffer, lastSeq: number): Result<CheckedAac> {
  const bad = (why: string) => fail(new CamrelayError('BAD_AAC', why));
  if (m.codec !== 'opus') return bad("The sound's codec is AAC (no codec) or 'opus'.");
  const { seq, sampleRate, channels, config } = m;
  const stamp = stampOf(m);
  const setup = typeof config === 'string' ? readOpusConfig(config) : null;
  if (!setup) return bad('The Opus config must be the body of its dOps box as hex: 11 bytes, version 0, 1 or 2 channels, mapping family 0.');
  if (sampleRate !== OPUS_RATE || channels !== setup.channels) return bad(`The Opus sampleRate must be ${OPUS_RATE} and its channels those of its config.`);
  if (!count(seq, 0, Number.MAX_SAFE_INTEGER) || stamp === null) return bad('The Opus packet needs a seq (a whole number) and capturedAt (ms).');
  if (seq <= lastSeq) return bad(`The Opus seq must rise: ${seq} came after ${lastSeq}.`);
  const packet = readOpusPacket(frame);
  if (!packet.ok) return bad(packet.why);
  const meta: AacFrameMeta = { seq, ...stamp, sampleRate, channels, config: (config as string).toLowerCase(), codec: 'opus' };
  return ok({ meta, frame, samples: packet.value.samples, rate: OPUS_RATE });
}

/** A box may reach past the frame's edge by this much: the decoder clips to it, then rounds x and width apiece. */
const BOX_SLACK_PX = 1;
const LABELS: ReadonlySet<string> = new Set(COCO_LABELS);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Why detection `d` of a `width`×`height` frame is not one the decoder makes, or null when it is. */
function detectionFault(d: unknown, width: number, height: number): string | null {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'is not an object';
  const { label, score, box } = d as Record<string, unknown>;
  if (typeof label !== 'string' || !LABELS.has(label)) return 'has no COCO label';
  if (typeof score !== 'number' || !(score >= 0 && score <= 1)) return 'needs a score from 0 to 1';
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'needs a box of 4 numbers';
  const [x, y, w, h] = box as number[];
  if (!(w! > 0 && h! > 0)) return 'needs a box of positive width and height';
  if (x! < -BOX_SLACK_PX || y! < -BOX_SLACK_PX || x! + w! > width + BOX_SLACK_PX || y! + h! > height + BOX_SLACK_PX)
    return `has a box outside the ${width}×${height} frame`;
  return null;
}

/**
 * Checks one `detections` unit (#39): its bytes bounded (unit-kinds.ts) before they are decoded, its meta, its seq
 * made to rise, then UTF-8 JSON of at most MAX_DETECTIONS detections, each counted before any is read and each as the
 * decoder makes it (a COCO label, a score in 0-1, a box in the frame). The detections come back as fresh objects.
 */
export function checkDetections(meta: unknown, bytes: unknown, lastSeq: number): Result<{ meta: DetectionsMeta; detections: Detection[] }> {
  const bad = (why: string) => fail(new CamrelayError('BAD_DETECTIONS', `The detections unit ${why}.`));
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) return bad('must be sent as binary');
  if (bytes.length > UNIT_BOUNDS.detections.maxBytes()) return fail(new CamrelayError(UNIT_BOUNDS.detections.tooLarge));
  if (typeof meta !== 'object' || meta === null) return bad('needs a meta');
  const m = meta as Record<string, unknown>;
  const { seq, width, height } = m;
  const stamp = stampOf(m);
  if (!count(width, 1, SIDE_MAX) || !count(height, 1, SIDE_MAX)) return bad(`meta needs the frame's width and height, whole numbers from 1 to ${SIDE_MAX}`);
  const valid = count(seq, 0, Number.MAX_SAFE_INTEGER) && stamp !== null;
  if (!valid) return bad('meta needs a seq (a whole number), capturedAt (ms) and at most a numeric clockOffset and a short session');
  if (seq <= lastSeq) return bad(`seq must rise: ${seq} came after ${lastSeq}`);
  const looked = lookedOf(m.looked, width, height);
  if (looked === false) return bad(`meta's looked must be at most ${DETECT_LOOKED_MAX} regions [x, y, w, h] inside the ${width}×${height} frame`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return bad('is not UTF-8 JSON');
  }
  if (!Array.isArray(parsed)) return bad('must be a JSON array of detections');
  if (parsed.length > MAX_DETECTIONS) return bad(`has ${parsed.length} detections; at most ${MAX_DETECTIONS} go in one`);
  const detections: Detection[] = [];
  for (const [i, d] of parsed.entries()) {
    const fault = detectionFault(d, width, height);
    if (fault) return bad(`detection ${i} ${fault}`);
    const { label, score, box } = d as Detection;
    detections.push({ label, score, box: [box[0], box[1], box[2], box[3]] });
  }
  const checked: DetectionsMeta = { seq, ...stamp!, width, height, ...(looked ? { looked } : {}) };
  return ok({ meta: checked, detections });
}

/** A verdict's regions (#57): absent is the whole frame (undefined); false when not at most DETECT_LOOKED_MAX boxes inside the frame. */
function lookedOf(looked: unknown, width: number, height: number): Array<[number, number, number, number]> | undefined | false {
  if (looked === undefined) return undefined;
  if (!Array.isArray(looked) || looked.length === 0 || looked.length > DETECT_LOOKED_MAX) return false;
  const regions: Array<[number, number, number, number]> = [];
  for (const r of looked as unknown[]) {
    if (!Array.isArray(r) || r.length !== 4 || !r.every((v) => typeof v === 'number' && Number.isFinite(v))) return false;
    const [x, y, w, h] = r as number[];
    if (x! < 0 || y! < 0 || w! <= 0 || h! <= 0 || x! + w! > width + 1 || y! + h! > height + 1) return false;
    regions.push([x!, y!, w!, h!]);
  }
  return regions;
}
