/**
 * `h264` on `/capture` (#28, recording by copy): a capture client's H.264 access units, checked and
 * byte-capped here, handed to the relay core's H.264 hook untouched. A client that offers `h264` in
 * its handshake is expected to send them, so the recorder starts no encoder for its JPEGs.
 */
import type { Socket } from 'socket.io';
import type { H264FrameMeta } from '../../../shared/demand.js';
import { ACCESS_UNIT_MAX, checkAnnexB } from '../../../common/codec/annexb.js';
import { CamrelayError, ERROR_CODES } from '../../../shared/errors.js';
import type { FrameAck } from '../../../shared/protocol.js';
import type { Result } from '../../../shared/result.js';
import { fail, ok } from '../../../shared/result.js';
import type { Relay } from '../../relay/relay.js';

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

/** Takes one `h264` unit after another for `cameraId` on one capture connection, by event or in a batch (unit-ingest.ts). */
export function h264Taker(socket: Socket, relay: Relay, cameraId: string): UnitTaker {
  if (offersH264(socket.handshake.auth)) relay.h264.offered(cameraId);
  let lastSeq = -1;
  return (meta, au) => {
    const checked = checkH264(meta, au, lastSeq);
    if (!checked.ok) {
      relay.admission.noteRefused(checked.error);
      return checked.error.toJSON();
    }
    const limited = relay.admission.unit(cameraId, 'main');
    if (limited) return limited.toJSON();
    lastSeq = checked.value.meta.seq;
    relay.h264.ingest(cameraId, checked.value.meta, checked.value.au);
    return { ok: true, seq: lastSeq };
  };
}

/** Checks and takes one unit (meta and bytes as they arrived), answering as its ack would. */
export type UnitTaker = (meta: unknown, bytes: unknown) => FrameAck;
