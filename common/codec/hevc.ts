/**
 * H.265 as an IP camera's main stream sends it (Annex B, VPS, SPS and PPS in-band at each IRAP)
 * turned into what Matroska and MP4 carry: an hvcC record (ISO/IEC 14496-15 8.3.3.1) of its
 * parameter sets. Pure code, no I/O.
 */
import { ANNEXB_LIMITS, HEVC_NAL, nalTypeOf, nalUnits } from './annexb.js';
import { concat, length16 } from './bytes.js';
import { rbsp } from './sps.js';

/** The hvcC record of an access unit's in-band VPS, SPS and PPS; null when one is missing or out of bounds. */
export function hevcConfig(au: Uint8Array): Uint8Array | null {
  const units = nalUnits(au);
  const of = (t: number) => units.filter((u) => nalTypeOf(u, 'h265') === t);
  const [vps, sps, pps] = [of(HEVC_NAL.VPS), of(HEVC_NAL.SPS), of(HEVC_NAL.PPS)];
  if (vps.length === 0 || sps.length === 0 || pps.length === 0) return null;
  // The ingest refuses larger ones (checkAnnexB); one that slipped past is not written with a wrapped length.
  if ([vps, sps, pps].some((list) => list.length > 255 || list.some((u) => u.length > ANNEXB_LIMITS.paramSetBytes))) return null;
  // SPS: 2-byte NAL header, then vps id (4 bits), max_sub_layers_minus1 (3), temporal_id_nesting (1), then the 12-byte profile_tier_level.
  const s = rbsp(sps[0]!, 15);
  if (s.length < 15) return null;
  const subLayers = ((s[2]! >> 1) & 7) + 1;
  const nested = s[2]! & 1;
  const head = Uint8Array.of(
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
  );
  const arrays = [vps, sps, pps].flatMap((list) => [Uint8Array.of(0x80 | nalTypeOf(list[0]!, 'h265'), 0, list.length), ...list.flatMap(length16)]);
  return concat(head, ...arrays);
}
