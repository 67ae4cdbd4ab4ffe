/** The H.264 units of #37's hostile-input barrage, as a capture token's holder could send them. */

const SC4 = [0, 0, 0, 1];
const PPS = [0x68, 0xce, 0x3c, 0x80];
const IDR = [0x65, 0x88, 0x84, 0x21];

/** One keyframe: `00 00 00 01` + an SPS of 70,000 bytes (`67 42 C0 1E` then filler with no start code) + a PPS + an IDR slice. */
export function oversizedSpsUnit(): Buffer {
  const sps = Buffer.alloc(70_000, 0xaa);
  sps.set([0x67, 0x42, 0xc0, 0x1e]);
  return Buffer.concat([Buffer.from(SC4), sps, Buffer.from([...SC4, ...PPS, ...SC4, ...IDR])]);
}

/** `bytes` of `pattern` repeated: `00 00 01 67` makes the keyframe bomb, `00 00 01 41 9a` the P-unit one. */
export function repeatedUnit(pattern: number[], bytes = 2 * 1024 * 1024): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i + pattern.length <= bytes; i += pattern.length) out.set(pattern, i);
  return out;
}
