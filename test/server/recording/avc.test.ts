import { describe, expect, it } from 'vitest';
import { avcConfig, lengthPrefixed, nalUnits } from '../../../server/recording/avc.js';
import { annexB, FIXTURE } from './h264-fixtures.js';

describe('avc', () => {
  describe('nalUnits', () => {
    it('splits at 3- and 4-byte start codes and leaves the start codes out', () => {
      expect(nalUnits(annexB(true)).map((u) => [...u])).toEqual([[0x09, 0xf0], FIXTURE.SPS, FIXTURE.PPS, [0x65, 0x88, 0x84, 0x21]]);
    });

    it('takes the zero before 00 00 01 as a 4-byte start code, drops trailing zeros and empty units', () => {
      const au = Uint8Array.from([0, 0, 1, 0x41, 0, 0, 0, 0, 1, 0x42, 0x43, 0, 0, 1, 0, 0, 1, 0x44, 0, 0, 0]);
      expect(nalUnits(au).map((u) => [...u])).toEqual([[0x41], [0x42, 0x43], [0x44, 0, 0, 0]]);
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
  });

  describe('lengthPrefixed', () => {
    it('puts each NAL unit after its 4-byte length and drops the access unit delimiter', () => {
      expect([...lengthPrefixed(annexB(false))]).toEqual([0, 0, 0, 4, 0x41, 0x9a, 0x02, 0x04]);
    });
  });
});
