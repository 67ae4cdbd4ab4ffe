import { describe, expect, it } from 'vitest';
import { mkvFrame } from '../../../server/recording/mkv.js';

describe('mkv', () => {
  describe('mkvFrame', () => {
    it('writes a Cluster with its Timecode and one SimpleBlock of the track, the frame itself last and uncopied', () => {
      const frame = Buffer.from([0xaa, 0xbb]);
      const parts = mkvFrame(0x0102, frame, false, 2);
      const size = (n: number) => [0x01, 0, 0, 0, 0, 0, 0, n];
      expect(parts.at(-1)).toBe(frame);
      expect([...Buffer.concat(parts)]).toEqual([
        ...[0x1f, 0x43, 0xb6, 0x75, ...size(11 + 13 + 2)],
        ...[0xe7, ...size(2), 0x01, 0x02],
        ...[0xa3, ...size(4 + 2), 0x82, 0x00, 0x00, 0x00],
        0xaa,
        0xbb,
      ]);
    });
  });
});
