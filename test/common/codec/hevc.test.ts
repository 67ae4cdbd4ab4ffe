import { describe, expect, it } from 'vitest';
import { ANNEXB_LIMITS } from '../../../common/codec/annexb.js';
import { hevcConfig } from '../../../common/codec/hevc.js';
import { repeatedUnit } from '../../helpers/hostile-h264.js';

const SC = [0, 0, 0, 1];
const VPS = [0x40, 0x01, 0x0c, 0x01];
// NAL header (type 33), vps id 0 / one sub-layer / nested, then profile_tier_level: Main, level 3.1 (93).
const PTL = [0x01, 0x60, 0x00, 0x00, 0x00, 0x90, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5d];
const SPS = [0x42, 0x01, 0x01, ...PTL, 0xa0];
const PPS = [0x44, 0x01, 0xc1];
const au = (...units: number[][]) => Uint8Array.from(units.flatMap((u) => [...SC, ...u]));

describe('hevc', () => {
  describe('hevcConfig', () => {
    it('builds the hvcC record: the profile_tier_level, 4-byte lengths, one array per parameter set kind', () => {
      const record = hevcConfig(au(VPS, SPS, PPS, [0x26, 0x01, 0xaf]))!;
      expect([...record.subarray(0, 13)]).toEqual([1, ...PTL]);
      // One sub-layer, nested, lengthSizeMinusOne 3; then three arrays.
      expect(record[21]).toBe((1 << 3) | (1 << 2) | 3);
      expect(record[22]).toBe(3);
      expect([...record.subarray(23)]).toEqual([0xa0, 0, 1, 0, VPS.length, ...VPS, 0xa1, 0, 1, 0, SPS.length, ...SPS, 0xa2, 0, 1, 0, PPS.length, ...PPS]);
    });

    it('reads the profile past an emulation-prevention byte', () => {
      const escaped = [0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x5d];
      expect([...hevcConfig(au(VPS, escaped, PPS))!.subarray(1, 13)]).toEqual(PTL);
    });

    it('is null when a parameter set is missing', () => {
      expect(hevcConfig(au(SPS, PPS))).toBeNull();
      expect(hevcConfig(au(VPS, PPS))).toBeNull();
      expect(hevcConfig(au(VPS, SPS))).toBeNull();
    });

    it('is null for an SPS truncated inside its profile_tier_level', () => {
      expect(hevcConfig(au(VPS, SPS.slice(0, 10), PPS))).toBeNull();
    });

    it('is null for a parameter set over the bound, never a wrapped 16-bit length', () => {
      const big = [0x44, 0x01, ...new Array<number>(ANNEXB_LIMITS.paramSetBytes).fill(0xaa)];
      expect(hevcConfig(au(VPS, SPS, big))).toBeNull();
    });

    it('reads no further than the NAL-count bound in 2 MB of empty VPS headers', () => {
      expect(hevcConfig(repeatedUnit([0, 0, 1, 0x40, 0x01], 2 * 1024 * 1024))).toBeNull();
    });
  });
});
