import { describe, expect, it } from 'vitest';
import { ANNEXB_LIMITS, nalUnits } from '../../../common/codec/annexb.js';
import { avcConfig, avcRecord, lengthPrefixed, parameterSets } from '../../../common/codec/avc.js';
import { oversizedSpsUnit, repeatedUnit } from '../../helpers/hostile-h264.js';
import { annexB, FIXTURE } from '../../server/recording/h264-fixtures.js';

const SPS = [0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9];
const PPS = [0x68, 0xeb, 0xe3];
const IDR = [0x65, 0x88, 0x84, 0x00, 0x21];
// An access unit as a capture side sends it: a delimiter, SPS and PPS in-band, 4- and 3-byte start codes.
const AU = new Uint8Array([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, ...SPS, 0, 0, 1, ...PPS, 0, 0, 0, 1, ...IDR]);

describe('avc', () => {
  describe('nalUnits', () => {
    it('splits at 3- and 4-byte start codes and leaves the start codes out', () => {
      expect(nalUnits(annexB(true)).map((u) => [...u])).toEqual([[0x09, 0xf0], FIXTURE.SPS, FIXTURE.PPS, [0x65, 0x88, 0x84, 0x21]]);
    });

    it('takes the zero before 00 00 01 as a 4-byte start code, drops trailing zeros and empty units', () => {
      const au = Uint8Array.from([0, 0, 1, 0x41, 0, 0, 0, 0, 1, 0x42, 0x43, 0, 0, 1, 0, 0, 1, 0x44, 0, 0, 0]);
      expect(nalUnits(au).map((u) => [...u])).toEqual([[0x41], [0x42, 0x43], [0x44, 0, 0, 0]]);
    });

    it('splits at 3- and 4-byte start codes, keeping zeros inside a unit', () => {
      expect(nalUnits(AU).map((n) => Array.from(n))).toEqual([[0x09, 0xf0], SPS, PPS, IDR]);
    });
  });

  describe('avcConfig', () => {
    it('builds the avcC record from the in-band SPS and PPS: profile, level, 4-byte lengths, one of each', () => {
      const { SPS, PPS } = FIXTURE;
      expect([...avcConfig(annexB(true))!]).toEqual([1, 0x42, 0xc0, 0x1e, 0xff, 0xe1, 0, SPS.length, ...SPS, 1, 0, PPS.length, ...PPS]);
    });

    it('is null for an access unit without parameter sets', () => {
      expect(avcConfig(annexB(false))).toBeNull();
    });

    it('is null for a truncated SPS, an oversized one, or more SPS than a record holds', () => {
      expect(avcConfig(Uint8Array.from([0, 0, 1, 0x67, 0x42, 0, 0, 1, ...PPS]))).toBeNull();
      expect(avcConfig(oversizedSpsUnit())).toBeNull();
      const many = Array.from({ length: 32 }, () => [0, 0, 1, ...SPS]).flat();
      expect(avcConfig(Uint8Array.from([...many, 0, 0, 1, ...PPS]))).toBeNull();
    });

    it('reads no further than the NAL-count bound in a unit of 2 MB of empty SPS headers', () => {
      const bomb = repeatedUnit([0, 0, 1, 0x67], 2 * 1024 * 1024);
      expect(nalUnits(bomb)).toHaveLength(ANNEXB_LIMITS.units + 1);
      // 513 SPS of one byte: under 4 bytes, no record (and no PPS either).
      expect(avcConfig(bomb)).toBeNull();
    });
  });

  describe('avcRecord', () => {
    it('writes one SPS and one PPS as the MSE init segment takes them', () => {
      const record = avcRecord([Uint8Array.from(SPS)], [Uint8Array.from(PPS)]);
      expect([...record]).toEqual([1, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0, SPS.length, ...SPS, 1, 0, PPS.length, ...PPS]);
    });
  });

  describe('lengthPrefixed', () => {
    it('puts each NAL unit after its 4-byte length and drops the access unit delimiter', () => {
      expect([...lengthPrefixed(annexB(false))]).toEqual([0, 0, 0, 4, 0x41, 0x9a, 0x02, 0x04]);
    });

    it('keeps the in-band SPS and PPS for a recording', () => {
      expect([...lengthPrefixed(AU)]).toEqual([0, 0, 0, SPS.length, ...SPS, 0, 0, 0, PPS.length, ...PPS, 0, 0, 0, IDR.length, ...IDR]);
    });

    it('leaves out delimiters and parameter sets for MSE and prefixes each slice with its length', () => {
      expect(Array.from(lengthPrefixed(AU, 'h264', 'drop'))).toEqual([0, 0, 0, IDR.length, ...IDR]);
    });

    it('is empty for a truncated unit with no NAL unit after its start code', () => {
      expect(lengthPrefixed(Uint8Array.from([0, 0, 0, 1]))).toHaveLength(0);
      expect(lengthPrefixed(Uint8Array.from([0, 0]))).toHaveLength(0);
    });
  });

  describe('parameterSets', () => {
    it('finds the SPS and PPS of a keyframe, and none in a P-frame', () => {
      const sets = parameterSets(AU)!;
      expect(Array.from(sets.sps)).toEqual(SPS);
      expect(Array.from(sets.pps)).toEqual(PPS);
      expect(parameterSets(new Uint8Array([0, 0, 0, 1, 0x41, 0x9a]))).toBeNull();
    });
  });
});
