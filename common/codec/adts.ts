/**
 * AAC in ADTS frames (what `ffmpeg -c:a copy -f adts` writes of a camera's AAC) and the AudioSpecificConfig
 * (ISO 14496-3 1.6.2.1) each header implies, which the `aac` event carries and a recorder's audio track needs.
 * Pure code, no I/O: the capture side's splitter, the relay's ingest check and the tests share it.
 */

/** Sampling frequencies by ADTS/ASC index (ISO 14496-3 table 1.18); 13–15 are reserved. */
export const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350] as const;

/** Channels by channel configuration (7 is 7.1: eight). */
export const AAC_CHANNELS = [0, 1, 2, 3, 4, 5, 6, 8] as const;

/** An AudioSpecificConfig as hex: 2 bytes for plain AAC-LC, up to 16 with explicit rates and extensions. */
const CONFIG_HEX = /^(?:[0-9a-f]{2}){2,16}$/i;

/** True for an AudioSpecificConfig of 2 to 16 bytes written as hex; the length is checked before the pattern runs. */
export const isAudioSpecificConfigHex = (config: string): boolean => config.length <= 32 && CONFIG_HEX.test(config);

/** Samples (per channel) in one AAC frame: AAC-LC's 1024; HE-AAC's SBR makes 2048 at twice the rate, the same time. */
export const AAC_FRAME_SAMPLES = 1024;

/**
 * The sample rate an AudioSpecificConfig (hex, checked by isAudioSpecificConfigHex) names by its index, the ADTS
 * header's own; null when it writes the rate out (index 15) or names a reserved one.
 */
export function ascSampleRate(config: string): number | null {
  const bits = parseInt(config.slice(0, 6).padEnd(6, '0'), 16);
  // 5 bits of object type, 6 more when it is 31 (escaped), then the 4-bit sampling index.
  const index = bits >> 19 === 31 ? (bits >> 9) & 0x0f : (bits >> 15) & 0x0f;
  return AAC_SAMPLE_RATES[index] ?? null;
}

export interface AdtsHeader {
  /** Audio object type: ADTS profile + 1 (2 = AAC-LC). */
  objectType: number;
  samplingIndex: number;
  /** Channel configuration, 1–7 (0, "defined in the stream", is refused: it needs a PCE the relay cannot use). */
  channelConfig: number;
  /** 7 bytes, or 9 with a CRC. */
  headerLength: number;
  /** Header and payload, bytes. */
  frameLength: number;
}

/** The header at `at`, or null when the bytes there are not a usable ADTS header (or not all there yet). */
export function parseAdtsHeader(buf: Uint8Array, at = 0): AdtsHeader | null {
  if (buf.length - at < 7 || buf[at] !== 0xff || (buf[at + 1]! & 0xf6) !== 0xf0) return null;
  const b2 = buf[at + 2]!;
  const b3 = buf[at + 3]!;
  const objectType = (b2 >> 6) + 1;
  const samplingIndex = (b2 >> 2) & 0x0f;
  const channelConfig = ((b2 & 0x01) << 2) | (b3 >> 6);
  const headerLength = (buf[at + 1]! & 0x01) === 1 ? 7 : 9;
  const frameLength = ((b3 & 0x03) << 11) | (buf[at + 4]! << 3) | (buf[at + 5]! >> 5);
  if (samplingIndex >= AAC_SAMPLE_RATES.length || channelConfig === 0 || frameLength <= headerLength) return null;
  return { objectType, samplingIndex, channelConfig, headerLength, frameLength };
}

/** The 2-byte AudioSpecificConfig, hex: 5 bits object type, 4 bits sampling index, 4 bits channels, 3 zero bits. */
export function audioSpecificConfig(h: Pick<AdtsHeader, 'objectType' | 'samplingIndex' | 'channelConfig'>): string {
  const asc = (h.objectType << 11) | (h.samplingIndex << 7) | (h.channelConfig << 3);
  return asc.toString(16).padStart(4, '0');
}

/** The ADTS header (7 bytes, no CRC) for one raw frame of this config: how a test or a tool writes frames back. */
export function adtsHeader(config: string, payloadBytes: number): Uint8Array {
  const asc = parseInt(config.slice(0, 4), 16);
  const objectType = asc >> 11;
  const samplingIndex = (asc >> 7) & 0x0f;
  const channels = (asc >> 3) & 0x0f;
  const len = payloadBytes + 7;
  return Uint8Array.of(
    0xff,
    0xf1,
    ((objectType - 1) << 6) | (samplingIndex << 2) | (channels >> 2),
    ((channels & 3) << 6) | (len >> 11),
    (len >> 3) & 0xff,
    ((len & 7) << 5) | 0x1f,
    0xfc,
  );
}
