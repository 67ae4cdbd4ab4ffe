/** Which detections count: followed labels and groups, minimum score and size, zones by the box's bottom-centre, bad entries and bounds. */
import { describe, expect, it } from 'vitest';
import { countDetections, insidePolygon, MAX_DETECTIONS, zonesOf, type FrameSize } from '../../../common/detect/detect-filter.js';
import { DETECT_DEFAULTS, type DetectSettings, type Zone } from '../../../common/detect/detect-settings.js';
import type { Detection } from '../../../common/detect/nanodet-decode.js';

const frame = { width: 1000, height: 500 };
const det = (label: string, score: number, box: [number, number, number, number]) => ({ label, score, box }) as Detection;
const settings = (change: Partial<DetectSettings> = {}): DetectSettings => ({ ...DETECT_DEFAULTS, enabled: true, ...change });

/** The lower half of the picture's left side, a driveway. */
const driveway: Zone = {
  name: 'Driveway',
  points: [
    { x: 0, y: 0.5 },
    { x: 0.5, y: 0.5 },
    { x: 0.5, y: 1 },
    { x: 0, y: 1 },
  ],
};
/** A triangle on the right: the porch. */
const porch: Zone = {
  name: 'Porch',
  points: [
    { x: 0.6, y: 0.2 },
    { x: 1, y: 0.2 },
    { x: 1, y: 1 },
  ],
};

describe('countDetections', () => {
  it('keeps followed labels at or above their minimum score and drops the rest', () => {
    const raw = [
      det('person', 0.72, [10, 10, 50, 100]),
      det('person', 0.35, [300, 10, 50, 100]),
      det('car', 0.45, [500, 200, 200, 100]),
      det('dog', 0.9, [0, 0, 50, 50]),
    ];
    expect(countDetections(raw, settings(), frame).map((d) => [d.label, d.score, d.tracked])).toEqual([
      ['person', 0.72, 'person'],
      ['car', 0.45, 'car'],
    ]);
  });

  it('counts the labels of a group under its name', () => {
    const raw = [det('truck', 0.5, [0, 0, 100, 100]), det('bicycle', 0.5, [0, 0, 40, 40]), det('cat', 0.6, [0, 0, 30, 30]), det('bird', 0.4, [0, 0, 30, 30])];
    const got = countDetections(raw, settings({ labels: ['vehicle', 'animal'] }), frame);
    // the bird is under the 0.5 every label outside person and vehicle needs
    expect(got.map((d) => [d.label, d.tracked])).toEqual([
      ['truck', 'vehicle'],
      ['bicycle', 'vehicle'],
      ['cat', 'animal'],
    ]);
  });

  it("applies a label's own minimum score and box size, in % of the picture's area", () => {
    const s = settings({ labels: ['person', 'vehicle'], filters: { person: { minScore: 0.8 }, vehicle: { minAreaPercent: 1 } } });
    const raw = [
      det('person', 0.79, [0, 0, 100, 200]),
      det('person', 0.8, [0, 0, 10, 10]), // tiny, but person has no size floor
      det('car', 0.9, [0, 0, 70, 70]), // 4900 px² of 500,000: 0.98 %
      det('bus', 0.9, [0, 0, 100, 50]), // exactly 1 %
    ];
    expect(countDetections(raw, s, frame).map((d) => d.label + d.score)).toEqual(['person0.8', 'bus0.9']);
  });

  it('leaves out malformed entries and reads at most MAX_DETECTIONS', () => {
    const good = det('person', 0.9, [0, 0, 10, 10]);
    const bad = [
      null,
      'person',
      { label: 'fox', score: 0.9, box: [0, 0, 10, 10] },
      { label: 'person', score: 1.5, box: [0, 0, 10, 10] },
      { label: 'person', score: Number.NaN, box: [0, 0, 10, 10] },
      { label: 'person', score: 0.9, box: [0, 0, 10] },
      { label: 'person', score: 0.9, box: [0, 0, Infinity, 10] },
      { label: 'person', score: 0.9, box: [0, 0, 0, 10] },
      { label: 'person', score: 0.9, box: [0, 0, '10', 10] },
    ];
    expect(countDetections([...bad, good], settings(), frame)).toHaveLength(1);
    const many = Array.from({ length: MAX_DETECTIONS + 50 }, () => good);
    expect(countDetections(many, settings(), frame)).toHaveLength(MAX_DETECTIONS);
  });

  it('counts nothing for a picture of no size', () => {
    expect(countDetections([det('person', 0.9, [0, 0, 10, 10])], settings(), { width: 0, height: 500 })).toEqual([]);
  });

  it('copies the box, so a caller changing it later changes nothing counted', () => {
    const d = det('person', 0.9, [0, 0, 10, 10]);
    const [got] = countDetections([d], settings(), frame);
    d.box[0] = 99;
    expect(got!.box[0]).toBe(0);
  });

  it("keeps, with the default settings, the fixture photos' real people and cars and drops the dog taken for a person", () => {
    // The detector's boxes on test/fixtures/detect at scores ≥ 0.3, as measured with the real model (docs/detection.md).
    const measured: [string, Detection[], FrameSize, string[]][] = [
      ['jockey.jpg', [det('horse', 0.66, [167, 62, 296, 324]), det('person', 0.493, [236, 17, 123, 213])], { width: 640, height: 426 }, ['person']],
      ['dog-human.jpg', [det('person', 0.717, [60, 95, 449, 724]), det('person', 0.345, [257, 61, 312, 749])], { width: 640, height: 962 }, ['person']],
      [
        'taxis.jpg',
        [
          det('car', 0.662, [323, 271, 191, 129]),
          det('car', 0.661, [584, 284, 56, 137]),
          det('car', 0.581, [204, 262, 172, 88]),
          det('car', 0.489, [545, 278, 27, 22]),
          det('person', 0.451, [5, 260, 23, 35]),
          det('car', 0.368, [374, 260, 87, 28]),
          det('car', 0.326, [1, 263, 27, 48]),
          det('car', 0.305, [523, 276, 19, 16]),
          det('car', 0.304, [491, 274, 23, 23]),
        ],
        { width: 640, height: 427 },
        ['car', 'car', 'car', 'car', 'person'],
      ],
    ];
    for (const [file, raw, size, want] of measured)
      expect(
        countDetections(raw, settings(), size).map((d) => d.label),
        file,
      ).toEqual(want);
  });

  it('gives each detection the zones its bottom-centre is in, in the settings order', () => {
    const s = settings({ zones: [driveway, porch] });
    const raw = [
      det('person', 0.9, [100, 100, 50, 200]), // feet at (125, 300): y 0.6, in the driveway
      det('person', 0.9, [100, 50, 50, 150]), // body over the driveway's top edge, feet at y 0.4: in none
      det('person', 0.9, [850, 150, 100, 200]), // feet at (900, 350): x 0.9, y 0.7, right of the slanted edge (x 0.85 there): in the porch
      det('person', 0.9, [600, 300, 100, 100]), // feet at (650, 400): x 0.65, y 0.8, left of the triangle's slanted edge (x 0.9 there): outside
    ];
    expect(countDetections(raw, s, frame).map((d) => d.zones)).toEqual([['Driveway'], [], ['Porch'], []]);
  });

  it('gives no zones when the camera has none', () => {
    expect(countDetections([det('car', 0.9, [0, 300, 100, 100])], settings(), frame)[0]!.zones).toEqual([]);
  });
});

describe('zonesOf', () => {
  it('uses the bottom-centre, not the box centre or any overlap', () => {
    // A tall box whose centre is above the driveway but whose feet are in it.
    expect(zonesOf([200, 0, 100, 400], frame, [driveway])).toEqual(['Driveway']);
    // A box that overlaps the driveway widely but stands just right of it.
    expect(zonesOf([300, 200, 400, 200], frame, [driveway])).toEqual([]);
  });

  it('puts a box in two zones when they overlap', () => {
    const wide: Zone = {
      name: 'Yard',
      points: [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1, y: 1 },
        { x: 0, y: 1 },
      ],
    };
    expect(zonesOf([100, 100, 50, 200], frame, [driveway, wide])).toEqual(['Driveway', 'Yard']);
  });
});

describe('insidePolygon', () => {
  it('handles a concave polygon (an L-shaped path)', () => {
    const l = [
      { x: 0, y: 0 },
      { x: 0.2, y: 0 },
      { x: 0.2, y: 0.8 },
      { x: 1, y: 0.8 },
      { x: 1, y: 1 },
      { x: 0, y: 1 },
    ];
    expect(insidePolygon(0.1, 0.5, l)).toBe(true);
    expect(insidePolygon(0.5, 0.9, l)).toBe(true);
    expect(insidePolygon(0.5, 0.5, l)).toBe(false); // in the notch
    expect(insidePolygon(1.1, 0.9, l)).toBe(false);
  });
});
