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

/** Reads an RBSP bit by bit: fixed-width fields and Exp-Golomb codes (H.264 7.2, 9.1); past the end, it throws. */
class BitReader {
  private at = 0;

  constructor(private readonly bytes: number[]) {}

  bit(): number {
    const byte = this.bytes[this.at >> 3];
    if (byte === undefined) throw new RangeError('SPS ends early');
    return (byte >> (7 - (this.at++ & 7))) & 1;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }

  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) if (++zeros > 31) throw new RangeError('Exp-Golomb code too long');
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  se(): number {
    const k = this.ue();
    return k & 1 ? (k + 1) / 2 : -k / 2;
  }
}

/** Profiles whose SPS carries chroma format, bit depths and scaling matrices (H.264 7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/**
 * The frame rate an H.264 SPS states in its VUI timing info (time_scale / 2 × num_units_in_tick, H.264 E.2.1), as its
 * encoder was set: null when it states none, or when the SPS is malformed or cut short.
 */
export function h264FrameRate(sps: Uint8Array): number | null {
  try {
    const r = new BitReader(rbsp(sps, sps.length).slice(1));
    const profile = r.bits(8);
    r.bits(16);
    r.ue();
    if (HIGH_PROFILES.has(profile)) {
      const chroma = r.ue();
      if (chroma === 3) r.bit();
      r.ue();
      r.ue();
      r.bit();
      if (r.bit()) for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) if (r.bit()) skipScalingList(r, i < 6 ? 16 : 64);
    }
    r.ue();
    const poc = r.ue();
    if (poc === 0) r.ue();
    else if (poc === 1) {
      r.bit();
      r.se();
      r.se();
      for (let n = r.ue(); n > 0; n--) r.se();
    }
    r.ue();
    r.bit();
    r.ue();
    r.ue();
    if (!r.bit()) r.bit();
    r.bit();
    if (r.bit()) for (let i = 0; i < 4; i++) r.ue();
    if (!r.bit()) return null;
    if (r.bit() && r.bits(8) === 255) r.bits(32);
    if (r.bit()) r.bit();
    if (r.bit()) {
      r.bits(4);
      if (r.bit()) r.bits(24);
    }
    if (r.bit()) {
      r.ue();
      r.ue();
    }
    if (!r.bit()) return null;
    const ticks = r.bits(32);
    const scale = r.bits(32);
    return ticks > 0 && scale > 0 ? scale / (2 * ticks) : null;
  } catch {
    return null;
  }
}
