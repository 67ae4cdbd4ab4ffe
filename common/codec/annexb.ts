/**
 * Annex B H.264/H.265 (NAL units after 00 00 01 start codes), scanned once and within the bounds the
 * relay enforces (#37): a camera's access unit is looked at only up to what real encoders make, so
 * a unit of 500,000 empty NAL units or a 70 KB SPS is refused before anything stores or writes it.
 * Pure code, no I/O, no Buffer: Uint8Array in and out, for Node and the browser alike.
 */

/** What one access unit may hold. */
export interface AnnexBLimits {
  /**
   * NAL units per access unit. A camera sends 1 to a few dozen slices a picture (x264's --slices and IP cameras' slice
   * modes: 1 to 8), beside an AUD, SEI and parameter sets; 2160p in one slice per macroblock row is 135 and 8K in 32
   * slices fits. More is not a picture but work for every reader (#55: 524,288 in one 2 MiB unit).
   */
  units: number;
  /** Bytes of one parameter set (SPS, PPS, VPS): x264's largest with VUI and scaling lists is under 1 KB. */
  paramSetBytes: number;
  /** Parameter sets per access unit: encoders send one of each kind (two PPS at most); avcC holds 31 SPS. */
  paramSets: number;
}

/** Most bytes of one access unit: a 1080p keyframe at a generous bitrate is a few hundred KB. */
export const ACCESS_UNIT_MAX = 2 * 1024 * 1024;

export const ANNEXB_LIMITS: AnnexBLimits = { units: 256, paramSetBytes: 4096, paramSets: 16 };

export type VideoCodecName = 'h264' | 'h265';

/** Why an access unit was refused: the fault and a sentence with the figures. */
export interface AnnexBFault {
  fault: 'too_many_units' | 'param_set_too_large' | 'too_many_param_sets' | 'no_units';
  detail: string;
}

/** The NAL unit type from a header's first byte: 5 bits after the forbidden bit in H.264, 6 bits in H.265's 2-byte header. */
export const nalHeaderType = (b0: number, codec: VideoCodecName = 'h264'): number => (codec === 'h265' ? (b0 >> 1) & 0x3f : b0 & 0x1f);

/** The NAL unit type of a unit (start code removed). */
export const nalTypeOf = (unit: Uint8Array, codec: VideoCodecName = 'h264'): number => nalHeaderType(unit[0]!, codec);

/** Parameter set types: H.264 SPS 7 and PPS 8; H.265 VPS 32, SPS 33 and PPS 34. */
const isParamSet = (type: number, codec: VideoCodecName): boolean => (codec === 'h265' ? type >= 32 && type <= 34 : type === 7 || type === 8);

/** NAL unit types that matter here (ITU-T H.264 table 7-1). */
export const NAL = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9 } as const;

/** NAL unit types that matter here (ITU-T H.265 table 7-1); IRAP pictures are types 16 to 23. */
export const HEVC_NAL = { VPS: 32, SPS: 33, PPS: 34, AUD: 35 } as const;

/** An H.264 IDR picture, or an H.265 IRAP picture: where a decoder can start. */
export const isKeyNal = (type: number, codec: VideoCodecName = 'h264'): boolean => (codec === 'h265' ? type >= 16 && type <= 23 : type === NAL.IDR);

/**
 * Where the next 00 00 01 at or after `from` begins (its first zero), or -1. TypedArray#indexOf is
 * native: start codes are found a 0x01 at a time, never byte by byte in JS.
 */
export function nextStartCode(buf: Uint8Array, from = 0): number {
  for (let one = buf.indexOf(1, Math.max(0, from) + 2); one !== -1; one = buf.indexOf(1, one + 1)) {
    if (buf[one - 1] === 0 && buf[one - 2] === 0) return one - 2;
  }
  return -1;
}

/** How many start codes `au` holds, counted up to `max + 1` and no further: nothing is allocated, so a unit over the limit costs one native walk. */
export function countStartCodes(au: Uint8Array, max: number): number {
  let n = 0;
  for (let at = nextStartCode(au); at !== -1 && n <= max; at = nextStartCode(au, at + 3)) n++;
  return n;
}

/**
 * The start codes of `au`, no more than `max + 1` of them: where each begins (the zero before 00 00 01
 * included, the 4-byte form) and where its NAL unit's header is.
 */
function startCodes(au: Uint8Array, max: number): { starts: number[]; heads: number[]; truncated: boolean } {
  const starts: number[] = [];
  const heads: number[] = [];
  for (let at = nextStartCode(au), prevEnd = 0; at !== -1 && starts.length <= max; at = nextStartCode(au, at + 3)) {
    // A zero before 00 00 01 makes the 4-byte form, unless the previous start code ended there.
    starts.push(at - 1 >= prevEnd && au[at - 1] === 0 ? at - 1 : at);
    heads.push(at + 3);
    prevEnd = at + 3;
  }
  return { starts, heads, truncated: starts.length > max };
}

// One scan per buffer: the relay passes each unit on untouched, so its ingest check, the live path's
// codec string and the recorder's avcC and length prefixing all read the same list.
const scanned = new WeakMap<Uint8Array, Uint8Array[]>();

/**
 * The NAL units of an Annex B buffer, start codes removed (views into `au`, no copies). The walk
 * stops at `max + 1` start codes (`truncated`): one past the limit is enough to refuse the unit.
 */
function scan(au: Uint8Array, max: number): { units: Uint8Array[]; truncated: boolean } {
  const known = scanned.get(au);
  if (known && known.length <= max) return { units: known, truncated: false };
  const { starts, heads, truncated } = startCodes(au, max);
  const units: Uint8Array[] = [];
  for (let n = 0; n < starts.length; n++) {
    const last = n + 1 === starts.length;
    let end = last ? au.length : starts[n + 1]!;
    // A trailing zero before the next start code belongs to neither unit.
    while (!last && end > heads[n]! && au[end - 1] === 0) end--;
    if (end > heads[n]!) units.push(au.subarray(heads[n]!, end));
  }
  if (!truncated) scanned.set(au, units);
  return { units, truncated };
}

/** One NAL unit's place in a buffer, its start code included: what a splitter cuts and copies by. */
export interface NalSpan {
  type: number;
  /** Where its start code begins (the leading zero of a 4-byte one included). */
  start: number;
  /** Where the next start code begins, or the buffer's end. */
  end: number;
}

/** The NAL units of `au` as spans with their start codes, no more than `max + 1` of them. */
export function nalSpans(au: Uint8Array, codec: VideoCodecName = 'h264', max = ANNEXB_LIMITS.units): NalSpan[] {
  const { starts, heads } = startCodes(au, max);
  return starts.map((start, n) => ({ type: nalHeaderType(au[heads[n]!] ?? 0, codec), start, end: starts[n + 1] ?? au.length }));
}

/** The NAL units of an Annex B buffer (views into `au`), no more than `max + 1` of them. */
export const nalUnits = (au: Uint8Array, max = ANNEXB_LIMITS.units): Uint8Array[] => scan(au, max).units;

/** Checks an access unit against `limits`: null when a real encoder could have made it. */
export function checkAnnexB(au: Uint8Array, codec: VideoCodecName = 'h264', limits: AnnexBLimits = ANNEXB_LIMITS): AnnexBFault | null {
  // Counted before the scan makes an object per unit: a unit over the limit is refused having allocated nothing.
  if (countStartCodes(au, limits.units) > limits.units)
    return { fault: 'too_many_units', detail: `The access unit holds more than ${limits.units} NAL units.` };
  const { units } = scan(au, limits.units);
  if (units.length === 0) return { fault: 'no_units', detail: 'The access unit holds no NAL unit after a 00 00 01 start code.' };
  let paramSets = 0;
  for (const unit of units) {
    if (!isParamSet(nalTypeOf(unit, codec), codec)) continue;
    if (unit.length > limits.paramSetBytes)
      return { fault: 'param_set_too_large', detail: `A parameter set of ${unit.length} bytes came; encoders make them under ${limits.paramSetBytes}.` };
    if (++paramSets > limits.paramSets) return { fault: 'too_many_param_sets', detail: `The access unit holds more than ${limits.paramSets} parameter sets.` };
  }
  return null;
}
