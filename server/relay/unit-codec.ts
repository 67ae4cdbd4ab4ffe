/**
 * Live H.264 access units between nodes (#30), the `h264` and `h264@<rung>` kinds of the track bus (#56): a 4-byte
 * length, the unit's meta as JSON, then the unit's bytes. Binary, no base64. Checked on the way in as a capture
 * client's units are: Redis is shared. A unit of the GOP the camera's node replays to a reader that starts keeps its
 * catch-up mark, so a viewer on the other node decodes it without drawing it, as a viewer on the camera's node does.
 */
import type { MonitorH264Meta } from '../../shared/protocol.js';
import { h264Codec } from '../../common/codec/sps.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { Track } from '../tracks/track.js';
import type { BusKind } from './kind.js';
import { ACCESS_UNIT_MAX, checkAnnexB } from '../../common/codec/annexb.js';

/** Widest or tallest picture taken (8K), as from a capture client. */
const SIDE_MAX = 8192;
const HEAD_MAX = 1024;
const ID_MAX = 256;

const count = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;
const time = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

export function encodeUnit(rung: number | null, unit: H264Unit): Buffer {
  const { cameraId, seq, epoch, capturedAt, clockSynced, receivedAt, width, height, keyframe, catchUp } = unit.meta;
  const fields = { cameraId, rung, seq, epoch, capturedAt, clockSynced, receivedAt, width, height, keyframe, ...(catchUp && { catchUp }) };
  const head = Buffer.from(JSON.stringify(fields), 'utf8');
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(head.length, 0);
  return Buffer.concat([len, head, unit.au]);
}

/** The unit and its rung (null: full size), or null for anything malformed: it is dropped, the node goes on. */
export function decodeUnit(buf: Buffer): { rung: number | null; unit: H264Unit } | null {
  if (!Buffer.isBuffer(buf) || buf.length < 4) return null;
  const headLength = buf.readUInt32BE(0);
  if (headLength > HEAD_MAX || 4 + headLength >= buf.length) return null;
  const au = buf.subarray(4 + headLength);
  if (au.length > ACCESS_UNIT_MAX) return null;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(buf.subarray(4, 4 + headLength).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const { cameraId, rung, seq, epoch, capturedAt, clockSynced, receivedAt, width, height, keyframe, catchUp } = m;
  const valid =
    typeof cameraId === 'string' &&
    cameraId.length > 0 &&
    cameraId.length <= ID_MAX &&
    (rung === null || count(rung, 1, SIDE_MAX)) &&
    count(seq, 0, Number.MAX_SAFE_INTEGER) &&
    // Viewers order by epoch first: one that is not an integer would stop every later unit counting as newer.
    Number.isSafeInteger(epoch) &&
    time(capturedAt) &&
    time(receivedAt) &&
    typeof clockSynced === 'boolean' &&
    count(width, 1, SIDE_MAX) &&
    count(height, 1, SIDE_MAX) &&
    typeof keyframe === 'boolean' &&
    (catchUp === undefined || catchUp === true);
  if (!valid || checkAnnexB(au) !== null) return null;
  // A keyframe carries its SPS and PPS in-band, as from a capture client: a decoder must be able to start at it.
  const codec = keyframe ? h264Codec(au) : '';
  if (codec === null) return null;
  const meta: MonitorH264Meta = { cameraId, seq, epoch: epoch as number, capturedAt, clockSynced, receivedAt, width, height, keyframe, codec };
  return { rung: rung as number | null, unit: { meta: catchUp === true ? { ...meta, catchUp } : meta, au } };
}

/** The bus kind of one H.264 track (`rung` null: full size): a unit of another rung or camera on its channel is dropped. */
export function h264BusKind(track: Track<H264Unit>, rung: number | null, take: (unit: H264Unit) => void): BusKind<H264Unit> {
  return {
    track,
    encode: (unit) => encodeUnit(rung, unit),
    decode: (cameraId, buf) => {
      const d = decodeUnit(buf);
      return d && d.rung === rung && d.unit.meta.cameraId === cameraId ? d.unit : null;
    },
    take,
  };
}
