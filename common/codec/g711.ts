/**
 * G.711 (ITU-T G.711): 16-bit linear PCM to and from μ-law (PCMU, RTP payload 0) and A-law (PCMA, payload 8), the
 * only audio most IP cameras' talk-back (ONVIF audio back channel) takes. Table-free and branch-light: 8 000 samples
 * a second is nothing to compute. Pure code, no I/O: the capture program encodes what a browser said with it.
 */

const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

/** One 16-bit sample as μ-law. */
export function ulawOf(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s = Math.min(s, ULAW_CLIP) + ULAW_BIAS;
  // The segment is the position of the highest bit above bit 7 (s is 0x84…0x7FFF here).
  const exponent = Math.max(0, Math.min(7, 31 - Math.clz32(s) - 7));
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One μ-law byte as a 16-bit sample. */
export function linearOfUlaw(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + ULAW_BIAS) << ((u & 0x70) >> 4);
  return u & 0x80 ? ULAW_BIAS - t : t - ULAW_BIAS;
}

/** One 16-bit sample as A-law. */
export function alawOf(sample: number): number {
  let pcm = Math.max(-32768, Math.min(32767, Math.round(sample))) >> 3; // 13 bits
  let mask = 0xd5;
  if (pcm < 0) {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const segment = pcm < 0x20 ? 0 : Math.min(8, 31 - Math.clz32(pcm) - 4);
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (pcm >> 1) & 0x0f : (pcm >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

/** One A-law byte as a 16-bit sample. */
export function linearOfAlaw(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = segment === 0 ? t + 8 : (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

export type G711Law = 'pcmu' | 'pcma';

/** Samples (16-bit linear) as G.711 bytes, one per sample. */
export function encodeG711(samples: Int16Array, law: G711Law): Uint8Array {
  const out = new Uint8Array(samples.length);
  const of = law === 'pcmu' ? ulawOf : alawOf;
  for (let i = 0; i < samples.length; i++) out[i] = of(samples[i]!);
  return out;
}

/** G.711 bytes as 16-bit linear samples. */
export function decodeG711(bytes: Uint8Array, law: G711Law): Int16Array {
  const out = new Int16Array(bytes.length);
  const of = law === 'pcmu' ? linearOfUlaw : linearOfAlaw;
  for (let i = 0; i < bytes.length; i++) out[i] = of(bytes[i]!);
  return out;
}
