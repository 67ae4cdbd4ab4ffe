import { describe, expect, it } from 'vitest';
import { readDemand } from '../../../common/capture/demand-check.js';

describe('readDemand', () => {
  it('keeps a demand without h264Widths as an older relay sends it', () => {
    expect(readDemand({ h264: true, widths: [640, 320] })).toEqual({ h264: true, widths: [320, 640] });
  });

  it('reads h264Widths ascending and without repeats', () => {
    expect(readDemand({ h264: false, widths: [], h264Widths: [640, 320, 640] })).toEqual({ h264: false, widths: [], h264Widths: [320, 640] });
  });

  it('refuses h264Widths that are not a short list of sane widths', () => {
    expect(readDemand({ h264: false, widths: [], h264Widths: 320 })).toBeNull();
    expect(readDemand({ h264: false, widths: [], h264Widths: [8] })).toBeNull();
    expect(readDemand({ h264: false, widths: [], h264Widths: Array.from({ length: 9 }, (_, i) => 320 + i) })).toBeNull();
  });

  it('keeps units and h264Live only as the booleans they are (#38)', () => {
    expect(readDemand({ h264: true, widths: [], units: true, h264Live: false })).toEqual({ h264: true, widths: [], units: true, h264Live: false });
    expect(readDemand({ h264: true, widths: [], units: 'yes', h264Live: 0 })).toEqual({ h264: true, widths: [] });
  });

  it('keeps where to look with detect when its picture size is sane and each list holds at most 32 boxes, and drops it otherwise (#57)', () => {
    const where = { width: 1280, height: 720, motion: [[860, 412, 47, 81]], objects: [] };
    expect(readDemand({ h264: false, widths: [], detect: { rate: 2, where } })).toEqual({ h264: false, widths: [], detect: { rate: 2, where } });
    const box = [1, 2, 3, 4];
    for (const bad of [
      { ...where, width: 0 },
      { ...where, height: 1.5 },
      { ...where, motion: [[1, 2, 3]] },
      { ...where, motion: [[1, 2, 3, 'x']] },
      { ...where, objects: [[1, 2, 3, Infinity]] },
      { ...where, motion: Array.from({ length: 33 }, () => box) },
      { ...where, objects: 'all' },
      'here',
    ])
      expect(readDemand({ h264: false, widths: [], detect: { rate: 2, where: bad } })).toEqual({ h264: false, widths: [], detect: { rate: 2 } });
  });

  it('keeps detect as a rate from 0.2 to 5 a second, and reads anything else there as none (#39)', () => {
    expect(readDemand({ h264: false, widths: [], detect: { rate: 2 } })).toEqual({ h264: false, widths: [], detect: { rate: 2 } });
    expect(readDemand({ h264: false, widths: [], detect: null })).toEqual({ h264: false, widths: [], detect: null });
    for (const detect of [{ rate: 0 }, { rate: 6 }, { rate: '2' }, 2, 'yes'])
      expect(readDemand({ h264: false, widths: [], detect })).toEqual({ h264: false, widths: [], detect: null });
    expect(readDemand({ h264: false, widths: [] })).toEqual({ h264: false, widths: [] });
  });

  it("keeps audio only as the boolean it is: false sends no sound (#40), anything else is an older relay's absence", () => {
    expect(readDemand({ h264: true, widths: [], audio: false })).toEqual({ h264: true, widths: [], audio: false });
    expect(readDemand({ h264: true, widths: [], audio: true })).toEqual({ h264: true, widths: [], audio: true });
    expect(readDemand({ h264: true, widths: [], audio: 'no' })).toEqual({ h264: true, widths: [] });
  });
});
