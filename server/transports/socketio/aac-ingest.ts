/**
 * `aac` on `/capture` (#29, audio by copy): a capture client's raw AAC frames of the main stream,
 * checked and byte-capped here, handed to the relay core's H.264 hook untouched for the recorder.
 */
import { isAudioSpecificConfigHex } from '../../../common/codec/adts.js';
import type { AacFrameMeta } from '../../../shared/demand.js';
import { AAC_FRAME_MAX_BYTES } from '../../../shared/demand.js';
import { CamrelayError } from '../../../shared/errors.js';
import type { Result } from '../../../shared/result.js';
import { fail, ok } from '../../../shared/result.js';
import type { Relay } from '../../relay/relay.js';
import type { UnitTaker } from './h264-ingest.js';

const count = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;

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

/** Takes one `aac` frame after another for `cameraId` on one capture connection, by event or in a batch. */
export function aacTaker(relay: Relay, cameraId: string): UnitTaker {
  let lastSeq = -1;
  return (meta, frame) => {
    const checked = checkAac(meta, frame, lastSeq);
    if (!checked.ok) {
      relay.admission.noteRefused(checked.error);
      return checked.error.toJSON();
    }
    lastSeq = checked.value.meta.seq;
    relay.h264.ingestAac(cameraId, checked.value.meta, checked.value.frame);
    return { ok: true, seq: lastSeq };
  };
}
