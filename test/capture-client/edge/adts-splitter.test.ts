import { describe, expect, it } from 'vitest';
import { AdtsSplitter, type AacFrame } from '../../../capture-client/edge/adts-splitter.js';
import { adtsHeader } from '../../../common/codec/adts.js';

/** An ADTS frame as ffmpeg writes one: header (no CRC) and `bytes` of payload. */
function frame(config: string, payload: number[]): Buffer {
  return Buffer.concat([adtsHeader(config, payload.length), Buffer.from(payload)]);
}

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
