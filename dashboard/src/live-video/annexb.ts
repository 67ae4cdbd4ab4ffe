/** Annex B access units (start codes) as the relay sends them, read without copying where it can. */

/** The NAL units of an Annex B access unit, as views into it (start codes and trailing zeros left out). */
export function nalUnits(au: Uint8Array): Uint8Array[] {
  const units: Uint8Array[] = [];
  let start = -1;
  let i = 0;
  while (i + 2 < au.length) {
    if (au[i] === 0 && au[i + 1] === 0 && au[i + 2] === 1) {
      if (start >= 0) units.push(trimZeros(au.subarray(start, i)));
      i += 3;
      start = i;
    } else i++;
  }
  if (start >= 0 && start < au.length) units.push(au.subarray(start));
  return units.filter((u) => u.length > 0);
}

function trimZeros(nal: Uint8Array): Uint8Array {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}

export const nalType = (nal: Uint8Array): number => (nal[0] ?? 0) & 0x1f;

/** AVC sample format (MP4): each NAL unit after its 4-byte length; SPS, PPS and delimiters left to the init segment. */
export function toLengthPrefixed(au: Uint8Array): Uint8Array {
  const nals = nalUnits(au).filter((n) => ![7, 8, 9].includes(nalType(n)));
  const out = new Uint8Array(nals.reduce((n, nal) => n + 4 + nal.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const nal of nals) {
    view.setUint32(at, nal.length);
    out.set(nal, at + 4);
    at += 4 + nal.length;
  }
  return out;
}

/** The first SPS and PPS of a keyframe, or null when it carries none in-band. */
export function parameterSets(au: Uint8Array): { sps: Uint8Array; pps: Uint8Array } | null {
  const nals = nalUnits(au);
  const sps = nals.find((n) => nalType(n) === 7);
  const pps = nals.find((n) => nalType(n) === 8);
  return sps && pps ? { sps, pps } : null;
}

/** RFC 6381 codec string of an SPS (`avc1.42E01F`): profile, constraint flags and level. */
export function codecOf(sps: Uint8Array): string {
  const hex = (b: number | undefined) => (b ?? 0).toString(16).padStart(2, '0').toUpperCase();
  return `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;
}
