/** Byte helpers the codec files share: plain Uint8Array, so Node and the browser run them alike. */

/** The parts, one after another, in one new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A 16-bit big-endian length, then the bytes: callers refuse units over ANNEXB_LIMITS.paramSetBytes first, so it never wraps. */
export const length16 = (unit: Uint8Array): Uint8Array[] => [Uint8Array.of(unit.length >> 8, unit.length & 0xff), unit];
