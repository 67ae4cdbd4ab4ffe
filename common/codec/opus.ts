/**
 * Opus packets (RFC 6716 section 3) as a browser's WebCodecs AudioEncoder makes them, and the decoder setup the `aac`
 * event carries for them: the body of an ISO BMFF `dOps` box ("Encapsulation of Opus in ISO Base Media File Format"
 * 4.3.2), which is what a recorder's track needs and all a live decoder needs. Pure code, no I/O: the capture page,
 * the relay's ingest check and the tests share it.
 */

/** Opus codes every packet at 48 kHz, whatever rate went in (RFC 7845 section 4). */
export const OPUS_RATE = 48_000;
/** Bytes of one frame of a packet, at most (RFC 6716 3.2.1). */
export const OPUS_FRAME_MAX_BYTES = 1275;
/** A packet's sound, at most: 120 ms (RFC 6716 3.2.5), in 48 kHz samples. */
export const OPUS_PACKET_MAX_SAMPLES = 5760;
/** A packet of 120 ms holds at most 48 frames of 2.5 ms: bytes at most, its frame lengths' own bytes included. */
export const OPUS_PACKET_MAX_BYTES = 48 * (OPUS_FRAME_MAX_BYTES + 2) + 2;

/** Frame length in 48 kHz samples by the TOC's config (RFC 6716 table 2): SILK 10/20/40/60 ms, hybrid 10/20, CELT 2.5/5/10/20. */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config & 3]!;
  if (config < 16) return [480, 960][config & 1]!;
  return [120, 240, 480, 960][config & 3]!;
}

export interface OpusPacketInfo {
  frames: number;
  /** The packet's sound in 48 kHz samples. */
  samples: number;
}

/** The packet's frames and length, or why it is not an Opus packet an encoder makes (RFC 6716 3.4's R1-R7, the sizes). */
export function readOpusPacket(p: Uint8Array): { ok: true; value: OpusPacketInfo } | { ok: false; why: string } {
  if (p.length === 0) return { ok: false, why: 'An Opus packet has at least its TOC byte.' };
  if (p.length > OPUS_PACKET_MAX_BYTES) return { ok: false, why: `An Opus packet is at most ${OPUS_PACKET_MAX_BYTES} bytes; this one has ${p.length}.` };
  const toc = p[0]!;
  const code = toc & 3;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 1 || code === 2) frames = 2;
  else {
    if (p.length < 2) return { ok: false, why: 'An Opus packet of code 3 needs its frame count byte.' };
    frames = p[1]! & 0x3f;
    if (frames === 0) return { ok: false, why: 'An Opus packet of code 3 holds at least one frame.' };
  }
  const samples = frames * frameSamples(toc >> 3);
  if (samples > OPUS_PACKET_MAX_SAMPLES) return { ok: false, why: `An Opus packet holds at most 120 ms; this one says ${samples / 48} ms.` };
  // Past the TOC: 1275 bytes per frame at most, plus code 2's one length field and code 3's count and per-frame lengths (2 bytes each).
  const most = [OPUS_FRAME_MAX_BYTES, 2 * OPUS_FRAME_MAX_BYTES, 2 * OPUS_FRAME_MAX_BYTES + 2, frames * (OPUS_FRAME_MAX_BYTES + 2) + 1][code]!;
  if (p.length - 1 > most)
    return { ok: false, why: `An Opus packet of ${frames} frame(s) has at most ${most} bytes after its TOC; this one has ${p.length - 1}.` };
  // Code 1: two frames of equal size (R3).
  if (code === 1 && (p.length - 1) % 2 !== 0) return { ok: false, why: 'An Opus packet of code 1 has two frames of the same size.' };
  return { ok: true, value: { frames, samples } };
}

export interface OpusSetup {
  channels: number;
  /** Samples (48 kHz) a decoder drops at the start: the encoder's look-ahead. */
  preSkip: number;
  /** The rate the sound was captured at (only informative: Opus always decodes at 48 kHz). */
  inputRate: number;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The body of a `dOps` box for mono or stereo (channel mapping family 0), 11 bytes: the `config` of an Opus stream. */
export function dOpsBody({ channels, preSkip, inputRate }: OpusSetup): Uint8Array {
  const out = new Uint8Array(11);
  const v = new DataView(out.buffer);
  v.setUint8(0, 0); // Version
  v.setUint8(1, channels);
  v.setUint16(2, preSkip);
  v.setUint32(4, inputRate);
  v.setInt16(8, 0); // OutputGain
  v.setUint8(10, 0); // ChannelMappingFamily: 0, mono or stereo in one stream
  return out;
}

/** `dOpsBody` as hex, as the `aac` event's `config` carries it for Opus. */
export const opusConfigHex = (setup: OpusSetup): string => hex(dOpsBody(setup));

/** The setup in a `dOps` body written as hex, or null when it is not one of mapping family 0 (1 or 2 channels). */
export function readOpusConfig(config: string): OpusSetup | null {
  if (!/^(?:[0-9a-f]{2}){11}$/i.test(config)) return null;
  const b = Uint8Array.from(config.match(/../g)!, (x) => parseInt(x, 16));
  const v = new DataView(b.buffer);
  const channels = b[1]!;
  if (b[0] !== 0 || b[10] !== 0 || channels < 1 || channels > 2) return null;
  const inputRate = v.getUint32(4);
  if (inputRate > 192_000) return null;
  return { channels, preSkip: v.getUint16(2), inputRate };
}

/** The pre-skip in an Ogg Opus identification header ("OpusHead", RFC 7845 5.1), as an encoder's decoder config gives it; null if it is not one. */
export function opusHeadPreSkip(head: Uint8Array): number | null {
  if (head.length < 19 || String.fromCharCode(...head.subarray(0, 8)) !== 'OpusHead') return null;
  return head[10]! | (head[11]! << 8);
}

/**
 * The Ogg Opus identification header ("OpusHead", RFC 7845 5.1), 19 bytes, of mapping family 0: what Matroska's A_OPUS
 * track carries as its CodecPrivate. The same fields as `dOps`, little-endian, version 1.
 */
export function opusHead({ channels, preSkip, inputRate }: OpusSetup): Uint8Array {
  const out = new Uint8Array(19);
  out.set([0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64]); // "OpusHead"
  const v = new DataView(out.buffer);
  v.setUint8(8, 1); // Version
  v.setUint8(9, channels);
  v.setUint16(10, preSkip, true);
  v.setUint32(12, inputRate, true);
  v.setInt16(16, 0, true); // OutputGain
  v.setUint8(18, 0); // ChannelMappingFamily
  return out;
}
