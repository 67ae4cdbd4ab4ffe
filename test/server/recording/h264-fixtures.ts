/** Tiny hand-made H.264 access units (Annex B) for tests that run no ffmpeg: the bytes are not decodable, the structure is. */
const SPS = [0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02];
const PPS = [0x68, 0xce, 0x3c, 0x80];

/** An access unit: a delimiter, then SPS (of `profile`), PPS and an IDR slice when `keyframe`, else one non-IDR slice. */
export function annexB(keyframe: boolean, profile = SPS[1]!): Buffer {
  const aud = [0, 0, 0, 1, 0x09, 0xf0];
  const slice = keyframe ? [0x65, 0x88, 0x84, 0x21] : [0x41, 0x9a, 0x02, 0x04];
  return Buffer.from([...aud, ...(keyframe ? [0, 0, 0, 1, SPS[0]!, profile, ...SPS.slice(2), 0, 0, 1, ...PPS] : []), 0, 0, 0, 1, ...slice]);
}

export const FIXTURE = { SPS, PPS };
