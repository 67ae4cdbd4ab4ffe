import { describe, expect, it } from 'vitest';
import { adtsHeader, AdtsSplitter, audioSpecificConfig, parseAdtsHeader, type AacFrame } from '../../../capture-client/edge/aac-adts.js';

/** An ADTS frame as ffmpeg writes one: header (no CRC) and `bytes` of payload. */
function frame(config: string, payload: number[]): Buffer {
  return Buffer.concat([adtsHeader(config, payload.length), Buffer.from(payload)]);
}

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

describe('AdtsSplitter', () => {
  it('gives each raw frame without its header, with its config, rate and channels, across any chunking', () => {
    const stream = Buffer.concat([frame('1190', [1, 2, 3]), frame('1190', [4, 5]), frame('1208', [6])]);
    for (let size = 1; size <= stream.length; size++) {
      const splitter = new AdtsSplitter();
      const frames: AacFrame[] = [];
      for (let i = 0; i < stream.length; i += size) splitter.push(stream.subarray(i, i + size), (f) => frames.push(f));
      expect(frames.map((f) => [...f.data])).toEqual([[1, 2, 3], [4, 5], [6]]);
      expect(frames.map((f) => [f.config, f.sampleRate, f.channels])).toEqual([
        ['1190', 48000, 2],
        ['1190', 48000, 2],
        ['1208', 44100, 1],
      ]);
    }
  });

  it('skips garbage before a frame and finds the next sync word', () => {
    const frames: AacFrame[] = [];
    new AdtsSplitter().push(Buffer.concat([Buffer.from([9, 0xff, 0, 7]), frame('1190', [1]), frame('1190', [2])]), (f) => frames.push(f));
    expect(frames.map((f) => [...f.data])).toEqual([[1], [2]]);
  });

  it('holds at most one frame, and says SOURCE_FAILED after 64 KiB with none', () => {
    const splitter = new AdtsSplitter();
    expect(() => splitter.push(Buffer.alloc(70 * 1024, 0x11), () => {})).toThrow(expect.objectContaining({ code: 'SOURCE_FAILED' }));
  });
});
