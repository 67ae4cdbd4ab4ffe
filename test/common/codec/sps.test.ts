import { describe, expect, it } from 'vitest';
import { avcCodecString, h264Codec, rbsp } from '../../../common/codec/sps.js';
import { repeatedUnit } from '../../helpers/hostile-h264.js';

const SPS = [0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9];

describe('sps', () => {
  describe('avcCodecString', () => {
    it('reads profile, constraints and level as an RFC 6381 string', () => {
      expect(avcCodecString(new Uint8Array(SPS))).toBe('avc1.64001F');
    });
  });

  describe('h264Codec', () => {
    it('reads the first SPS of an access unit', () => {
      expect(h264Codec(Uint8Array.from([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 1, ...SPS]))).toBe('avc1.64001F');
    });

    it('skips an SPS truncated before its level and finds none in a unit cut short', () => {
      expect(h264Codec(Uint8Array.from([0, 0, 1, 0x67, 0x64, 0x00]))).toBeNull();
      expect(h264Codec(Uint8Array.from([0, 0, 1]))).toBeNull();
    });

    it('finds no SPS in 2 MB of empty P-slice headers, reading no further than the NAL-count bound', () => {
      expect(h264Codec(repeatedUnit([0, 0, 1, 0x41], 2 * 1024 * 1024))).toBeNull();
    });
  });

  describe('rbsp', () => {
    it('removes emulation-prevention bytes and stops at n bytes', () => {
      expect(rbsp(Uint8Array.from([0x42, 0, 0, 3, 1, 0, 0, 3, 0, 7]), 5)).toEqual([0x42, 0, 0, 1, 0]);
      expect(rbsp(Uint8Array.from([1, 2]), 15)).toEqual([1, 2]);
    });
  });
});
