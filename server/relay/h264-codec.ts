/**
 * The RFC 6381 codec string of an H.264 stream (`avc1.PPCCLL`), read from its SPS: what a page
 * hands `VideoDecoder.configure` and `MediaSource.isTypeSupported` before it gets a picture.
 * Pure code, no I/O.
 */
import { NAL, nalType, nalUnits } from '../recording/avc.js';

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');

/**
 * `avc1.` and the SPS's profile_idc, constraint flags and level_idc (its first three bytes after
 * the NAL header, H.264 7.3.2.1.1), from the access unit's first SPS; null when it has none.
 */
export function h264Codec(au: Uint8Array): string | null {
  for (const unit of nalUnits(au)) {
    // A header and three bytes; the emulation-prevention byte cannot occur this early (profile_idc is never 0).
    if (nalType(unit) !== NAL.SPS || unit.length < 4) continue;
    return `avc1.${hex(unit[1]!)}${hex(unit[2]!)}${hex(unit[3]!)}`;
  }
  return null;
}
