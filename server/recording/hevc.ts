/**
 * H.265 as an IP camera's main stream sends it (Annex B, VPS, SPS and PPS in-band at each IRAP)
 * turned into what Matroska and MP4 carry: an hvcC record (ISO/IEC 14496-15 8.3.3.1) of its
 * parameter sets. Pure code, no I/O: the copy path and the tests share it.
 */
import { ANNEXB_LIMITS } from '../../common/codec/annexb.js';
import { nalUnits } from './avc.js';

/** NAL unit types that matter here (ITU-T H.265 table 7-1). */
export const HEVC_NAL = { VPS: 32, SPS: 33, PPS: 34, AUD: 35 } as const;

export const hevcNalType = (unit: Uint8Array): number => (unit[0]! >> 1) & 0x3f;

/** The first `n` bytes of a NAL unit's payload with its emulation-prevention bytes (00 00 03) removed. */
function rbsp(unit: Uint8Array, n: number): number[] {
  const out: number[] = [];
  let zeros = 0;
  for (let i = 0; i < unit.length && out.length < n; i++) {
    if (zeros >= 2 && unit[i] === 3) {
      zeros = 0;
      continue;
    }
    zeros = unit[i] === 0 ? zeros + 1 : 0;
    out.push(unit[i]!);
  }
  return out;
}

/** The hvcC record of an access unit's in-band VPS, SPS and PPS; null when one is missing. */
export function hevcConfig(au: Uint8Array): Buffer | null {
  const units = nalUnits(au);
  const of = (t: number) => units.filter((u) => hevcNalType(u) === t);
  const [vps, sps, pps] = [of(HEVC_NAL.VPS), of(HEVC_NAL.SPS), of(HEVC_NAL.PPS)];
  if (vps.length === 0 || sps.length === 0 || pps.length === 0) return null;
  // The ingest refuses larger ones (checkAnnexB); one that slipped past is not written with a wrapped length.
  if ([vps, sps, pps].some((list) => list.length > 255 || list.some((u) => u.length > ANNEXB_LIMITS.paramSetBytes))) return null;
  // SPS: 2-byte NAL header, then vps id (4 bits), max_sub_layers_minus1 (3), temporal_id_nesting (1), then the 12-byte profile_tier_level.
  const s = rbsp(sps[0]!, 15);
  if (s.length < 15) return null;
  const subLayers = ((s[2]! >> 1) & 7) + 1;
  const nested = s[2]! & 1;
  const head = Buffer.from([
    1,
    ...s.slice(3, 15), // profile space, tier, profile, compatibility flags, constraint flags, level
    0xf0,
    0x00, // min_spatial_segmentation_idc 0
    0xfc, // parallelismType unknown
    0xfd, // chroma 4:2:0, as cameras send
    0xf8, // luma bit depth 8
    0xf8, // chroma bit depth 8
    0x00,
    0x00, // avgFrameRate unknown
    (subLayers << 3) | (nested << 2) | 3, // 4-byte NAL lengths
    3,
  ]);
  const arrays = [vps, sps, pps].flatMap((list) => {
    const parts = [Buffer.from([0x80 | hevcNalType(list[0]!), 0, list.length])];
    for (const u of list) parts.push(Buffer.from([u.length >> 8, u.length & 0xff]), Buffer.from(u));
    return parts;
  });
  return Buffer.concat([head, ...arrays]);
}
