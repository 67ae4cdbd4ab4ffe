/**
 * What a page needs of a sequence parameter set before it gets a picture: the RFC 6381 codec string
 * (`avc1.PPCCLL`) that `VideoDecoder.configure` and `MediaSource.isTypeSupported` take, and the
 * RBSP reader H.265's profile_tier_level needs. Pure code, no I/O.
 */
import { NAL, nalTypeOf, nalUnits } from './annexb.js';

const hex = (byte: number | undefined) => (byte ?? 0).toString(16).toUpperCase().padStart(2, '0');

/** `avc1.` and an H.264 SPS's profile_idc, constraint flags and level_idc (its first three bytes after the NAL header, 7.3.2.1.1). */
export const avcCodecString = (sps: Uint8Array): string => `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;

/** The codec string of an access unit's first SPS; null when it has none. */
export function h264Codec(au: Uint8Array): string | null {
  for (const unit of nalUnits(au)) {
    // A header and three bytes; the emulation-prevention byte cannot occur this early (profile_idc is never 0).
    if (nalTypeOf(unit) !== NAL.SPS || unit.length < 4) continue;
    return avcCodecString(unit);
  }
  return null;
}

/** The first `n` bytes of a NAL unit with its emulation-prevention bytes (00 00 03) removed. */
export function rbsp(unit: Uint8Array, n: number): number[] {
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
