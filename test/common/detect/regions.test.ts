import { describe, expect, it } from 'vitest';
import type { Box } from '../../../common/detect/boxes.js';
import type { Detection } from '../../../common/detect/nanodet-decode.js';
import {
  MAX_REGIONS,
  mergeDetections,
  pickRegions,
  regionAround,
  regionsForHints,
  shiftDetections,
  WHOLE_FINDS_PX,
  wholeFinds,
} from '../../../common/detect/regions.js';

const HD = { width: 1280, height: 720 };
const inside = (outer: Box, b: Box) => b[0] >= outer[0] && b[1] >= outer[1] && b[0] + b[2] <= outer[0] + outer[2] && b[1] + b[3] <= outer[1] + outer[3];
const covered = (regions: Box[], b: Box) => regions.some((r) => inside(r, b));

describe('regionAround', () => {
  it('is a square of the model’s size around a box of a quarter of it or more, centred on it', () => {
    expect(regionAround([600, 300, 20, 104], HD, 416)).toEqual([402, 144, 416, 416]);
  });

  it('zooms in on a smaller box: four times its size, at least 260 px (0.625 of the model’s), which the worker scales up', () => {
    // The small person of small-person.ts, 65 px tall: found at 20 of 20 places in a 260 px region, 7 in a 416 px one.
    expect(regionAround([900, 420, 31, 65], HD, 416)).toEqual([786, 323, 260, 260]);
    expect(regionAround([600, 300, 20, 90], HD, 416)).toEqual([430, 165, 360, 360]);
    expect(regionAround([600, 300, 10, 10], HD, 416)).toEqual([475, 175, 260, 260]);
  });

  it('is larger than the model’s size when the box is, with a margin', () => {
    expect(regionAround([400, 100, 200, 500], HD, 416)).toEqual([200, 50, 600, 600]);
  });

  it('is moved inside the picture at its edges, never cut', () => {
    expect(regionAround([0, 0, 110, 110], HD, 416)).toEqual([0, 0, 416, 416]);
    expect(regionAround([1170, 610, 110, 110], HD, 416)).toEqual([864, 304, 416, 416]);
    expect(regionAround([1270, 710, 10, 10], HD, 416)).toEqual([1020, 460, 260, 260]);
  });

  it('is as tall as the picture when the square would not fit in it', () => {
    expect(regionAround([100, 0, 700, 700], HD, 416)).toEqual([30, 0, 840, 720]);
  });
});

describe('pickRegions', () => {
  it('gives none without boxes: the caller looks at the whole picture or not at all', () => {
    expect(pickRegions(HD, [])).toEqual([]);
  });

  it('covers motion boxes close together with one region', () => {
    const motion: Box[] = [
      [100, 100, 40, 80],
      [200, 150, 30, 30],
      [150, 300, 50, 20],
    ];
    const regions = pickRegions(HD, motion);
    expect(regions).toHaveLength(1);
    for (const b of motion) expect(covered(regions, b)).toBe(true);
  });

  it('gives far-apart motion a region each, every one zoomed no more than 1.6× and inside the picture', () => {
    const motion: Box[] = [
      [40, 40, 30, 60],
      [1200, 600, 40, 80],
    ];
    const regions = pickRegions(HD, motion);
    expect(regions).toHaveLength(2);
    for (const b of motion) expect(covered(regions, b)).toBe(true);
    for (const r of regions) {
      expect(Math.min(r[2], r[3])).toBeGreaterThanOrEqual(260);
      expect(inside([0, 0, 1280, 720], r)).toBe(true);
    }
  });

  it('looks around tracked objects first, and leaves out motion their regions already hold', () => {
    const objects: Box[] = [[600, 300, 30, 70]];
    const regions = pickRegions(HD, [[610, 320, 20, 20]], objects);
    expect(regions).toEqual([regionAround(objects[0]!, HD, 416)]);
  });

  it(`gives at most ${MAX_REGIONS} regions (or the max asked), merging the closest, every box still covered`, () => {
    const motion: Box[] = Array.from({ length: 12 }, (_, i) => [(i % 6) * 210 + 10, Math.floor(i / 6) * 500 + 20, 20, 40]);
    const regions = pickRegions(HD, motion);
    expect(regions.length).toBeLessThanOrEqual(MAX_REGIONS);
    for (const b of motion) expect(covered(regions, b)).toBe(true);
    expect(pickRegions(HD, motion, [], { max: 1 })).toHaveLength(1);
  });

  it('ignores boxes that are not boxes (NaN, empty, outside the picture) and clips those that stick out', () => {
    expect(
      pickRegions(HD, [
        [NaN, 0, 10, 10],
        [10, 10, 0, 5],
        [2000, 10, 10, 10],
      ]),
    ).toEqual([]);
    expect(pickRegions(HD, [[-50, -50, 160, 160]])).toEqual([[0, 0, 416, 416]]);
  });

  it('refuses a size or a max below 1 with a TypeError', () => {
    expect(() => pickRegions(HD, [], [], { max: 0 })).toThrow(TypeError);
    expect(() => pickRegions(HD, [], [], { size: 0 })).toThrow(TypeError);
  });
});

const det = (label: Detection['label'], score: number, box: Box): Detection => ({ label, score, box });

describe('shiftDetections', () => {
  it('moves boxes found in a crop to the picture’s pixels', () => {
    expect(shiftDetections([det('person', 0.8, [10, 20, 30, 40])], [400, 100, 416, 416])).toEqual([det('person', 0.8, [410, 120, 30, 40])]);
  });
});

describe('mergeDetections', () => {
  it('keeps the better of two boxes of one object seen in overlapping regions', () => {
    expect(mergeDetections([det('person', 0.6, [100, 100, 40, 100]), det('person', 0.8, [102, 98, 40, 102])], 0.6)).toEqual([
      det('person', 0.8, [102, 98, 40, 102]),
    ]);
  });

  it('drops the part of an object cut at one region’s edge when another region saw it whole', () => {
    expect(mergeDetections([det('person', 0.9, [100, 100, 40, 100]), det('person', 0.5, [100, 100, 40, 45])], 0.6)).toEqual([
      det('person', 0.9, [100, 100, 40, 100]),
    ]);
  });

  it('takes car, truck and bus as one group, and keeps different labels and separate objects apart', () => {
    const merged = mergeDetections(
      [det('car', 0.7, [0, 0, 100, 50]), det('truck', 0.5, [2, 0, 100, 50]), det('person', 0.6, [0, 0, 100, 50]), det('person', 0.6, [500, 0, 40, 100])],
      0.6,
    );
    expect(merged.map((d) => d.label)).toEqual(['car', 'person', 'person']);
  });
});

describe('regionsForHints', () => {
  const hints = { width: 640, height: 360, motion: [[450, 210, 15, 32]] as Box[], objects: [] };

  it('is none (the whole picture) without hints or with hints that hold no box', () => {
    expect(regionsForHints(undefined, { width: 1280, height: 720 })).toBeUndefined();
    expect(regionsForHints({ ...hints, motion: [] }, { width: 1280, height: 720 })).toBeUndefined();
    expect(regionsForHints({ ...hints, width: 0 }, { width: 1280, height: 720 })).toBeUndefined();
  });

  it('scales hints found on a smaller picture to the frame looked at: the region is the model’s size in the frame’s pixels', () => {
    // The box doubles to [900, 420, 30, 64] on 1280×720, as a region found on the frame itself would be.
    expect(regionsForHints(hints, { width: 1280, height: 720 })).toEqual(pickRegions({ width: 1280, height: 720 }, [[900, 420, 30, 64]]));
    expect(regionsForHints(hints)).toEqual(pickRegions({ width: 640, height: 360 }, [[450, 210, 15, 32]]));
  });

  it('is none (one whole look) when everything in the hints is large enough for a whole look to find, regions as soon as one thing is not', () => {
    // On 1280×720 a whole look scales by 0.325: a person 200 px tall is 65 px to the model, one 120 px tall 39.
    const tall = { width: 1280, height: 720, motion: [[300, 200, 80, 200]] as Box[], objects: [[900, 100, 60, 150]] as Box[] };
    expect(wholeFinds(HD, [...tall.motion, ...tall.objects])).toBe(true);
    expect(regionsForHints(tall)).toBeUndefined();
    const small = { ...tall, motion: [...tall.motion, [1000, 500, 40, 120]] as Box[] };
    expect(wholeFinds(HD, small.motion)).toBe(false);
    expect(regionsForHints(small)).toEqual(pickRegions(HD, small.motion, small.objects));
    // A small piece beside a large box is part of it (motion around a walker comes in pieces): still one whole look.
    expect(regionsForHints({ ...tall, motion: [...tall.motion, [390, 250, 20, 30]] as Box[] })).toBeUndefined();
    // The line itself: 48 px to the model.
    expect(wholeFinds(HD, [[0, 0, 10, Math.ceil(WHOLE_FINDS_PX / 0.325)]])).toBe(true);
    expect(wholeFinds(HD, [[0, 0, 10, Math.floor(WHOLE_FINDS_PX / 0.325)]])).toBe(false);
  });
});
