import { describe, expect, it } from 'vitest';
import { codecOf, nalUnits, parameterSets, toLengthPrefixed } from '../../../dashboard/src/live-video/annexb.js';

const SPS = [0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9];
const PPS = [0x68, 0xeb, 0xe3];
const IDR = [0x65, 0x88, 0x84, 0x00, 0x21];
// An access unit as a capture side sends it: a delimiter, SPS and PPS in-band, 4- and 3-byte start codes.
const AU = new Uint8Array([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, ...SPS, 0, 0, 1, ...PPS, 0, 0, 0, 1, ...IDR]);

describe('annexb', () => {
  describe('#nalUnits', () => {
    it('splits at 3- and 4-byte start codes, keeping zeros inside a unit', () => {
      expect(nalUnits(AU).map((n) => Array.from(n))).toEqual([[0x09, 0xf0], SPS, PPS, IDR]);
    });
  });

  describe('#toLengthPrefixed', () => {
    it('leaves out delimiters and parameter sets and prefixes each slice with its length', () => {
      expect(Array.from(toLengthPrefixed(AU))).toEqual([0, 0, 0, IDR.length, ...IDR]);
    });
  });

  describe('#parameterSets', () => {
    it('finds the SPS and PPS of a keyframe, and none in a P-frame', () => {
      const sets = parameterSets(AU)!;
      expect(Array.from(sets.sps)).toEqual(SPS);
      expect(Array.from(sets.pps)).toEqual(PPS);
      expect(parameterSets(new Uint8Array([0, 0, 0, 1, 0x41, 0x9a]))).toBeNull();
    });
  });

  describe('#codecOf', () => {
    it('reads profile, constraints and level as an RFC 6381 string', () => {
      expect(codecOf(new Uint8Array(SPS))).toBe('avc1.64001F');
    });
  });
});
