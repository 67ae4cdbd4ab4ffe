/**
 * H.264 as the camera side sends it (Annex B: NAL units after 00 00 01 start codes) turned into what
 * Matroska and MP4 carry (each NAL unit after its 4-byte length, the SPS and PPS in an avcC record).
 * Pure code, no I/O: the copy path's sink and the tests share it.
 */

/** NAL unit types that matter here (ITU-T H.264 table 7-1). */
export const NAL = { IDR: 5, SPS: 7, PPS: 8, AUD: 9 } as const;

const START_CODE = Buffer.from([0, 0, 1]);

/** The NAL units of an Annex B buffer, start codes removed (views into `au`, no copies). */
export function nalUnits(au: Uint8Array): Uint8Array[] {
  // Every unit of a copy is scanned here (#29): Buffer#indexOf finds the start codes natively, not byte by byte in JS.
  const bytes = Buffer.isBuffer(au) ? au : Buffer.from(au.buffer, au.byteOffset, au.byteLength);
  const starts: Array<{ at: number; len: number }> = [];
  for (let from = 0, q = bytes.indexOf(START_CODE); q !== -1; q = bytes.indexOf(START_CODE, from)) {
    // A zero before 00 00 01 makes the 4-byte form, unless the previous start code ended there.
    const at = q > from && bytes[q - 1] === 0 ? q - 1 : q;
    starts.push({ at, len: q + 3 - at });
    from = q + 3;
  }
  const units: Uint8Array[] = [];
  starts.forEach((s, n) => {
    let end = n + 1 < starts.length ? starts[n + 1]!.at : au.length;
    // A trailing zero before the next start code belongs to neither unit.
    while (end > s.at + s.len && au[end - 1] === 0 && n + 1 < starts.length) end--;
    if (end > s.at + s.len) units.push(au.subarray(s.at + s.len, end));
  });
  return units;
}

export const nalType = (unit: Uint8Array): number => unit[0]! & 0x1f;

/** The avcC record (ISO/IEC 14496-15 5.2.4.1) of an access unit's in-band SPS and PPS; null when it has none. */
export function avcConfig(au: Uint8Array): Buffer | null {
  const units = nalUnits(au);
  const sps = units.filter((u) => nalType(u) === NAL.SPS);
  const pps = units.filter((u) => nalType(u) === NAL.PPS);
  if (sps.length === 0 || pps.length === 0 || sps[0]!.length < 4) return null;
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
