import { describe, expect, it } from 'vitest';
import { ANNEXB_LIMITS, checkAnnexB, countStartCodes, nalUnits } from '../../../common/codec/annexb.js';
import { oversizedSpsUnit, repeatedUnit as repeated } from '../../helpers/hostile-h264.js';

const SC4 = [0, 0, 0, 1];
const SPS = [0x67, 0x42, 0xc0, 0x1e, 0xd9, 0x00, 0xa0, 0x47, 0xfe, 0xc8];
const PPS = [0x68, 0xce, 0x3c, 0x80];
const IDR = [0x65, 0x88, 0x84, 0x21];

describe('nalUnits', () => {
  it('splits 4- and 3-byte start codes and leaves trailing zeros to neither unit', () => {
    const au = Uint8Array.from([...SC4, 0x09, 0xf0, 0, 0, 1, ...SPS, 0, 0, 0, 1, ...PPS, 0, 0, 0, 0, 1, ...IDR]);
    expect(nalUnits(au).map((u) => [...u])).toEqual([[0x09, 0xf0], SPS, PPS, IDR]);
  });

  it('scans a buffer once: the same list comes back for the same unit', () => {
    const au = Uint8Array.from([...SC4, ...SPS, ...SC4, ...PPS, ...SC4, ...IDR]);
    expect(nalUnits(au)).toBe(nalUnits(au));
  });

  it('stops one past its limit instead of walking 524,288 units', () => {
    const bomb = repeated([0, 0, 1, 0x67], 2 * 1024 * 1024);
    expect(nalUnits(bomb)).toHaveLength(ANNEXB_LIMITS.units + 1);
    expect(nalUnits(repeated([0, 0, 1, 0x67], 64 * 1024), Infinity)).toHaveLength(16_384);
  });
});

describe('countStartCodes', () => {
  it('counts 3- and 4-byte start codes alike', () => {
    expect(countStartCodes(Uint8Array.from([...SC4, ...SPS, 0, 0, 1, ...PPS, ...SC4, ...IDR]), 16)).toBe(3);
  });

  it('stops one past its limit', () => {
    expect(countStartCodes(repeated([0, 0, 1, 0x67], 2 * 1024 * 1024), ANNEXB_LIMITS.units)).toBe(ANNEXB_LIMITS.units + 1);
  });
});

describe('checkAnnexB', () => {
  it('takes an encoder-made keyframe', () => {
    expect(checkAnnexB(Uint8Array.from([...SC4, ...SPS, ...SC4, ...PPS, ...SC4, ...IDR]))).toBeNull();
  });

  it('refuses an SPS of 70,000 bytes', () => {
    expect(checkAnnexB(oversizedSpsUnit())).toMatchObject({ fault: 'param_set_too_large', detail: expect.stringContaining('70000 bytes') });
  });

  it('refuses keyframes of 00 00 01 67 and P units of 00 00 01 41 9a repeated', () => {
    expect(checkAnnexB(repeated([0, 0, 1, 0x67], 2 * 1024 * 1024))?.fault).toBe('too_many_units');
    expect(checkAnnexB(repeated([0, 0, 1, 0x41, 0x9a], 2 * 1024 * 1024))?.fault).toBe('too_many_units');
  });

  it('refuses empty start codes by the count of start codes, not of units', () => {
    expect(checkAnnexB(repeated([0, 0, 1], 4096))?.fault).toBe('too_many_units');
  });

  it('takes 256 slices a picture and refuses 257 (#55)', () => {
    const slices = (n: number) => Uint8Array.from(Array.from({ length: n }, () => [...SC4, 0x41, 0x9a]).flat());
    expect(ANNEXB_LIMITS.units).toBe(256);
    expect(checkAnnexB(slices(256))).toBeNull();
    expect(checkAnnexB(slices(257))?.fault).toBe('too_many_units');
  });

  it('refuses more parameter sets than encoders send, and a unit with no start code', () => {
    const many = Array.from({ length: ANNEXB_LIMITS.paramSets + 1 }, () => [...SC4, ...PPS]).flat();
    expect(checkAnnexB(Uint8Array.from([...many, ...SC4, ...IDR]))?.fault).toBe('too_many_param_sets');
    expect(checkAnnexB(Uint8Array.from([1, 2, 3, 4]))?.fault).toBe('no_units');
  });

  it("reads H.265's 6-bit types: a VPS of 70,000 bytes is refused, a large slice is not", () => {
    const vps = new Uint8Array(70_000).fill(0xaa);
    vps.set([0x40, 0x01]);
    expect(checkAnnexB(Uint8Array.from([...SC4, ...vps]), 'h265')?.fault).toBe('param_set_too_large');
    const slice = new Uint8Array(70_000).fill(0xaa);
    slice.set([0x26, 0x01]);
    expect(checkAnnexB(Uint8Array.from([...SC4, ...slice]), 'h265')).toBeNull();
  });
});
