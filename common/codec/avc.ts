/**
 * H.264 as the camera side sends it (Annex B: NAL units after 00 00 01 start codes) turned into what
 * Matroska and MP4 carry: each NAL unit after its 4-byte length, the SPS and PPS in an avcC record.
 * Pure code, no I/O: the recorder's copy path, the MSE player's fMP4 and the tests share it.
 */
import { ANNEXB_LIMITS, HEVC_NAL, NAL, nalTypeOf, nalUnits, type VideoCodecName } from './annexb.js';
import { concat, length16 } from './bytes.js';

/** The avcC record (ISO/IEC 14496-15 5.2.4.1) of these SPS and PPS: profile and level from the first SPS, 4-byte lengths. */
export function avcRecord(sps: Uint8Array[], pps: Uint8Array[]): Uint8Array {
  const first = sps[0]!;
  return concat(
    Uint8Array.of(1, first[1] ?? 0, first[2] ?? 0, first[3] ?? 0, 0xff, 0xe0 | sps.length),
    ...sps.flatMap(length16),
    Uint8Array.of(pps.length),
    ...pps.flatMap(length16),
  );
}

/** The avcC record of an access unit's in-band SPS and PPS; null when it has none, or more than a record holds. */
export function avcConfig(au: Uint8Array): Uint8Array | null {
  const units = nalUnits(au);
  const sps = units.filter((u) => nalTypeOf(u) === NAL.SPS);
  const pps = units.filter((u) => nalTypeOf(u) === NAL.PPS);
  if (sps.length === 0 || pps.length === 0 || sps[0]!.length < 4) return null;
  // The ingest refuses larger ones (checkAnnexB); a unit that slipped past is not written, never a RangeError mid-segment.
  if (sps.length > 31 || pps.length > 255 || [...sps, ...pps].some((u) => u.length > ANNEXB_LIMITS.paramSetBytes)) return null;
  return avcRecord(sps, pps);
}

/** The first SPS and PPS of a keyframe, or null when it carries none in-band. */
export function parameterSets(au: Uint8Array): { sps: Uint8Array; pps: Uint8Array } | null {
  const units = nalUnits(au);
  const sps = units.find((u) => nalTypeOf(u) === NAL.SPS);
  const pps = units.find((u) => nalTypeOf(u) === NAL.PPS);
  return sps && pps ? { sps, pps } : null;
}

/**
 * An access unit as 4-byte length-prefixed NAL units, its delimiter left out (MP4 has none). With
 * `paramSets` 'keep' (a recording) the in-band SPS and PPS stay, so a player that seeks to this
 * keyframe finds them there too; with 'drop' (MSE) they are left to the init segment.
 */
export function lengthPrefixed(au: Uint8Array, codec: VideoCodecName = 'h264', paramSets: 'keep' | 'drop' = 'keep'): Uint8Array {
  const skip = (type: number) =>
    codec === 'h265'
      ? type === HEVC_NAL.AUD || (paramSets === 'drop' && type >= HEVC_NAL.VPS && type <= HEVC_NAL.PPS)
      : type === NAL.AUD || (paramSets === 'drop' && (type === NAL.SPS || type === NAL.PPS));
  const units = nalUnits(au).filter((u) => !skip(nalTypeOf(u, codec)));
  // One buffer for the whole unit: this runs for every unit of a copy (#29).
  const out = new Uint8Array(units.reduce((n, u) => n + 4 + u.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const u of units) {
    view.setUint32(at, u.length);
    out.set(u, at + 4);
    at += 4 + u.length;
  }
  return out;
}
