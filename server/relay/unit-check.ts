/**
 * The core's checks of a capture side's media units (#38), as `frame-check.ts` is for its JPEGs: an H.264
 * access unit (main stream or a rung) and an AAC frame, each bounded in bytes before anything else is
 * looked at, its meta validated, its seq made to rise, and an H.264 unit's NAL units bounded to what an
 * encoder makes (common/codec/annexb.ts). Pure: whatever transport brought the unit, it is checked here.
 */
import { isAudioSpecificConfigHex } from '../../common/codec/adts.js';
import { ACCESS_UNIT_MAX, checkAnnexB } from '../../common/codec/annexb.js';
import type { AacFrameMeta, H264FrameMeta } from '../../shared/demand.js';
import { AAC_FRAME_MAX_BYTES } from '../../shared/demand.js';
import { CamrelayError, ERROR_CODES } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';
import { fail, ok } from '../../shared/result.js';

/** Widest or tallest picture taken (8K). */
const SIDE_MAX = 8192;
const OFFERS_MAX = 8;

const count = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;

/** Checks one access unit's meta and bytes; `lastSeq` is the connection's last accepted seq. */
export function checkH264(meta: unknown, au: unknown, lastSeq: number): Result<{ meta: H264FrameMeta; au: Buffer }> {
  if (!Buffer.isBuffer(au) || au.length === 0) return fail(new CamrelayError('BAD_H264', 'The H.264 access unit must be sent as binary.'));
  if (au.length > ACCESS_UNIT_MAX) return fail(new CamrelayError('H264_TOO_LARGE'));
  if (typeof meta !== 'object' || meta === null) return fail(new CamrelayError('BAD_H264'));
  const m = meta as Record<string, unknown>;
  const { seq, capturedAt, keyframe, width, height, clockOffset, session, codec } = m;
  const valid =
    count(seq, 0, Number.MAX_SAFE_INTEGER) &&
    typeof capturedAt === 'number' &&
    Number.isFinite(capturedAt) &&
    capturedAt >= 0 &&
    typeof keyframe === 'boolean' &&
    count(width, 1, SIDE_MAX) &&
    count(height, 1, SIDE_MAX) &&
    (clockOffset === undefined || (typeof clockOffset === 'number' && Number.isFinite(clockOffset))) &&
    (session === undefined || (typeof session === 'string' && session.length <= 64)) &&
    (codec === undefined || codec === 'h265');
  if (!valid) return fail(new CamrelayError('BAD_H264'));
  // A seq that does not rise is a replay or a second stream: a hole (a rise by more than one) is the recorder's to mark.
  if (seq <= lastSeq) return fail(new CamrelayError('BAD_H264', `The H.264 seq must rise: ${seq} came after ${lastSeq}.`));
  // Bounded before anything stores, scans again or writes it (#37: a 70 KB SPS crashed the avcC writer).
  const fault = checkAnnexB(au, codec === 'h265' ? 'h265' : 'h264');
  if (fault) return fail(new CamrelayError('H264_NOT_ENCODER_MADE', `${fault.detail} ${ERROR_CODES.H264_NOT_ENCODER_MADE.message}`));
  const extra = { ...(clockOffset === undefined ? {} : { clockOffset }), ...(codec === 'h265' ? { codec } : {}) };
  return ok({ meta: { seq, capturedAt, keyframe, width, height, ...extra } as H264FrameMeta, au });
}

/** Whether the handshake's `offers` (bounded) include H.264. */
export function offersH264(auth: unknown): boolean {
  const offers = (auth as { offers?: unknown } | undefined)?.offers;
  return Array.isArray(offers) && offers.length <= OFFERS_MAX && offers.includes('h264');
}

/** Checks one AAC frame's meta and bytes; `lastSeq` is the connection's last accepted audio seq. */
export function checkAac(meta: unknown, frame: unknown, lastSeq: number): Result<{ meta: AacFrameMeta; frame: Buffer }> {
  if (!Buffer.isBuffer(frame) || frame.length === 0) return fail(new CamrelayError('BAD_AAC', 'The AAC frame must be sent as binary.'));
  if (frame.length > AAC_FRAME_MAX_BYTES) return fail(new CamrelayError('AAC_TOO_LARGE'));
  if (typeof meta !== 'object' || meta === null) return fail(new CamrelayError('BAD_AAC'));
  const { seq, capturedAt, sampleRate, channels, config, clockOffset, session } = meta as Record<string, unknown>;
  if (typeof config !== 'string' || !isAudioSpecificConfigHex(config))
    return fail(new CamrelayError('BAD_AAC', 'The AAC config must be the AudioSpecificConfig as 2 to 16 bytes of hex.'));
  if (!count(sampleRate, 8000, 96000)) return fail(new CamrelayError('BAD_AAC', 'The AAC sampleRate must be a whole number from 8000 to 96000.'));
  if (!count(channels, 1, 8)) return fail(new CamrelayError('BAD_AAC', 'The AAC channels must be a whole number from 1 to 8.'));
  const valid =
    count(seq, 0, Number.MAX_SAFE_INTEGER) &&
    typeof capturedAt === 'number' &&
    Number.isFinite(capturedAt) &&
    capturedAt >= 0 &&
    (clockOffset === undefined || (typeof clockOffset === 'number' && Number.isFinite(clockOffset))) &&
    (session === undefined || (typeof session === 'string' && session.length <= 64));
  if (!valid) return fail(new CamrelayError('BAD_AAC'));
  if (seq <= lastSeq) return fail(new CamrelayError('BAD_AAC', `The AAC seq must rise: ${seq} came after ${lastSeq}.`));
  const checked: AacFrameMeta = { seq, capturedAt, sampleRate, channels, config: config.toLowerCase(), ...(clockOffset === undefined ? {} : { clockOffset }) };
  return ok({ meta: checked, frame });
}
