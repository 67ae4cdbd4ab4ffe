import { describe, expect, it } from 'vitest';
import { adtsHeader, audioSpecificConfig, isAudioSpecificConfigHex, parseAdtsHeader, ascSampleRate } from '../../../common/codec/adts.js';

describe('audioSpecificConfig', () => {
  it('gives 1190 for AAC-LC at 48 kHz in stereo', () => {
    expect(audioSpecificConfig({ objectType: 2, samplingIndex: 3, channelConfig: 2 })).toBe('1190');
  });

  it('gives 1208 for AAC-LC at 44.1 kHz in mono', () => {
    expect(audioSpecificConfig({ objectType: 2, samplingIndex: 4, channelConfig: 1 })).toBe('1208');
  });

  it('gives 1588 for AAC-LC at 8 kHz in mono, as cameras often send', () => {
    expect(audioSpecificConfig({ objectType: 2, samplingIndex: 11, channelConfig: 1 })).toBe('1588');
  });
});

describe('parseAdtsHeader', () => {
  it('reads a real header ffmpeg wrote for AAC-LC 48 kHz stereo (ff f1 4c 80 28 ff fc)', () => {
    // The first 7 bytes of the bundled `ffmpeg -f lavfi -i sine=sample_rate=48000 -ac 2 -c:a aac -f adts -`: 327 bytes long.
    const h = parseAdtsHeader(Buffer.from([0xff, 0xf1, 0x4c, 0x80, 0x28, 0xff, 0xfc]));
    expect(h).toEqual({ objectType: 2, samplingIndex: 3, channelConfig: 2, headerLength: 7, frameLength: 327 });
  });

  it('refuses bytes without the sync word, a reserved rate and channel configuration 0', () => {
    expect(parseAdtsHeader(Buffer.from([0xff, 0xe1, 0x4c, 0x80, 0x2e, 0x7f, 0xfc]))).toBeNull();
    expect(parseAdtsHeader(Buffer.from([0xff, 0xf1, 0x74, 0x80, 0x2e, 0x7f, 0xfc]))).toBeNull();
    expect(parseAdtsHeader(Buffer.from([0xff, 0xf1, 0x4c, 0x00, 0x2e, 0x7f, 0xfc]))).toBeNull();
  });

  it('reads back what adtsHeader wrote', () => {
    expect(parseAdtsHeader(adtsHeader('1208', 300))).toMatchObject({ objectType: 2, samplingIndex: 4, channelConfig: 1, frameLength: 307 });
  });
});

describe('parseAdtsHeader on malformed input', () => {
  const good = [...adtsHeader('1190', 100)];

  it('is null for a header cut short, at any length under 7 bytes', () => {
    for (let n = 0; n < 7; n++) expect(parseAdtsHeader(Uint8Array.from(good.slice(0, n)))).toBeNull();
  });

  it('is null when the header at an offset runs past the end', () => {
    expect(parseAdtsHeader(Uint8Array.from([0, 0, ...good.slice(0, 6)]), 2)).toBeNull();
  });

  it('is null for a frame length no longer than its own header (a zero-length or looping frame)', () => {
    const zero = Uint8Array.from(adtsHeader('1190', 0));
    expect(parseAdtsHeader(zero)).toBeNull();
    const underHeader = Uint8Array.from(good);
    underHeader[3] = underHeader[3]! & 0xfc;
    underHeader[4] = 0;
    underHeader[5] = (3 << 5) | 0x1f;
    expect(parseAdtsHeader(underHeader)).toBeNull();
  });

  it('reads the largest length the 13-bit field holds, which the splitter then caps', () => {
    expect(parseAdtsHeader(adtsHeader('1190', 8191 - 7))).toMatchObject({ frameLength: 8191 });
  });
});

describe('isAudioSpecificConfigHex', () => {
  it('takes 2 to 16 bytes of hex and refuses odd lengths, other letters and oversized strings', () => {
    expect(isAudioSpecificConfigHex('1190')).toBe(true);
    expect(isAudioSpecificConfigHex('11')).toBe(false);
    expect(isAudioSpecificConfigHex('119')).toBe(false);
    expect(isAudioSpecificConfigHex('11zz')).toBe(false);
    expect(isAudioSpecificConfigHex('ab'.repeat(17))).toBe(false);
    expect(isAudioSpecificConfigHex('ab'.repeat(100_000))).toBe(false);
  });
});

describe('ascSampleRate', () => {
  it('reads the rate of a config by its index, as the ADTS header gave it', () => {
    expect(ascSampleRate('1190')).toBe(48000);
    expect(ascSampleRate('1588')).toBe(8000);
  });

  it('reads past an escaped object type (31, then 6 bits)', () => {
    // Object type 31 + 5 = 36 (ALS), index 4 (44.1 kHz), mono: 11111 000101 0100 0001 and padding.
    expect(ascSampleRate('f8a820')).toBe(44100);
  });

  it('gives null for a rate written out (index 15) or reserved', () => {
    expect(ascSampleRate('1788')).toBeNull();
    expect(ascSampleRate('1688')).toBeNull();
  });
});
