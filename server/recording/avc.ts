/**
 * H.264 as the camera side sends it (Annex B: NAL units after 00 00 01 start codes) turned into what
 * Matroska and MP4 carry (each NAL unit after its 4-byte length, the SPS and PPS in an avcC record).
 * Pure code, no I/O: the copy path's sink and the tests share it.
 */
import { ANNEXB_LIMITS, nalUnits } from '../../common/codec/annexb.js';

/** NAL unit types that matter here (ITU-T H.264 table 7-1). */
export const NAL = { IDR: 5, SPS: 7, PPS: 8, AUD: 9 } as const;

/** The NAL units of an Annex B buffer: the one bounded scan (common/codec/annexb.ts), each unit scanned once. */
export { nalUnits };

export const nalType = (unit: Uint8Array): number => unit[0]! & 0x1f;

/** The avcC record (ISO/IEC 14496-15 5.2.4.1) of an access unit's in-band SPS and PPS; null when it has none. */
export function avcConfig(au: Uint8Array): Buffer | null {
  const units = nalUnits(au);
  const sps = units.filter((u) => nalType(u) === NAL.SPS);
  const pps = units.filter((u) => nalType(u) === NAL.PPS);
  if (sps.length === 0 || pps.length === 0 || sps[0]!.length < 4) return null;
  // The ingest refuses larger ones (checkAnnexB); a unit that slipped past is not written, never a RangeError mid-segment.
  const sets = [...sps, ...pps];
  if (sps.length > 31 || pps.length > 255 || sets.some((u) => u.length > ANNEXB_LIMITS.paramSetBytes)) return null;
  const parts: Buffer[] = [Buffer.from([1, sps[0]![1]!, sps[0]![2]!, sps[0]![3]!, 0xff, 0xe0 | sps.length])];
  for (const u of sps) parts.push(length16(u), Buffer.from(u));
  parts.push(Buffer.from([pps.length]));
  for (const u of pps) parts.push(length16(u), Buffer.from(u));
  return Buffer.concat(parts);
}

/**
 * An access unit as 4-byte length-prefixed NAL units, its delimiter left out (MP4 has none). The
 * in-band SPS and PPS stay: a player that seeks to this keyframe finds them there too.
 */
export function lengthPrefixed(au: Uint8Array, hevc = false): Buffer {
  // H.265's delimiter is type 35 in its own 6-bit field.
  const aud = (u: Uint8Array) => (hevc ? (u[0]! >> 1) & 0x3f : nalType(u)) === (hevc ? 35 : NAL.AUD);
  const units = nalUnits(au).filter((u) => !aud(u));
  // One buffer for the whole unit: this runs for every unit of a copy (#29).
  const out = Buffer.allocUnsafe(units.reduce((n, u) => n + 4 + u.length, 0));
  let at = 0;
  for (const u of units) {
    out.writeUInt32BE(u.length, at);
    out.set(u, at + 4);
    at += 4 + u.length;
  }
  return out;
}

function length16(unit: Uint8Array): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(unit.length);
  return b;
}
