import { describe, expect, it } from 'vitest';
import { boxText, placeBoxes } from '../../../dashboard/src/playback/snapshot-boxes.js';

const near = (a: number, b: number) => expect(Math.abs(a - b), `${a} ≈ ${b}`).toBeLessThan(1e-9);

describe('placeBoxes', () => {
  it('fits a 4:3 picture in a 16:9 frame with bars left and right, as object-fit: contain does (a live tile)', () => {
    // 640×480 in a 16:9 frame: 1 frame tall, (4/3)/(16/9) = 3/4 frame wide, 1/8 bar on each side.
    const [b] = placeBoxes({ width: 640, height: 480, boxes: [{ label: 'car', score: 0.6, box: [160, 240, 320, 120] }] }, 16 / 9, 'contain');
    near(b!.left, 1 / 8 + 0.25 * (3 / 4));
    near(b!.width, 0.5 * (3 / 4));
    near(b!.top, 0.5);
    near(b!.height, 0.25);
  });

  it('fits a 16:9 picture in a square frame with bars above and below, as object-fit: contain does', () => {
    // 1280×720 in a 1:1 frame: 1 frame wide, 9/16 frame tall, 7/32 bar above and below.
    const [b] = placeBoxes({ width: 1280, height: 720, boxes: [{ label: 'person', score: 0.9, box: [0, 0, 1280, 720] }] }, 1, 'contain');
    near(b!.left, 0);
    near(b!.width, 1);
    near(b!.top, 7 / 32);
    near(b!.height, 9 / 16);
  });

  it('places a box of a 16:9 snapshot in the same fractions of a 16:9 frame', () => {
    const [b] = placeBoxes({ width: 1280, height: 720, boxes: [{ label: 'person', score: 0.87, box: [320, 180, 128, 360] }] }, 16 / 9);
    near(b!.left, 0.25);
    near(b!.top, 0.25);
    near(b!.width, 0.1);
    near(b!.height, 0.5);
  });

  it('crops a 4:3 snapshot top and bottom as object-fit: cover does, and moves its boxes with it', () => {
    // 640×480 covering a 16:9 frame: shown 1 frame wide, 4/3 ÷ 16/9 … = 4/3 frames tall, 1/6 cut off above and below.
    const [b] = placeBoxes({ width: 640, height: 480, boxes: [{ label: 'car', score: 0.6, box: [160, 240, 320, 120] }] }, 16 / 9);
    near(b!.left, 0.25);
    near(b!.width, 0.5);
    near(b!.top, -1 / 6 + 0.5 * (4 / 3));
    near(b!.height, 0.25 * (4 / 3));
  });

  it('crops a portrait snapshot top and bottom too, cuts boxes at the frame and leaves out those wholly outside', () => {
    // 360×640 covering a 16:9 frame: 1 frame wide, (16/9)/(360/640) = 3.16 frames tall, centred.
    const tall = 16 / 9 / (360 / 640);
    const box = (x: number, y: number, w: number, h: number) => [x, y, w, h] as [number, number, number, number];
    const snapshot = {
      width: 360,
      height: 640,
      boxes: [
        { label: 'dog', score: 0.5, box: box(90, 0, 180, 640) },
        { label: 'cat', score: 0.5, box: box(0, 0, 10, 10) },
        { label: 'bird', score: 0.5, box: box(0, 320, 36, 32) },
      ],
    };
    const [dog, bird, ...rest] = placeBoxes(snapshot, 16 / 9);
    expect(rest).toEqual([]);
    near(dog!.left, 0.25);
    near(dog!.width, 0.5);
    near(dog!.top, 0);
    near(dog!.height, 1);
    expect(bird!.label).toBe('bird');
    near(bird!.top, 0.5);
    near(bird!.height, (32 / 640) * tall);
    // A 16:9 snapshot in a 4:3 frame: its sides are cut; a box at the very left edge is gone.
    expect(placeBoxes({ width: 1600, height: 900, boxes: [{ label: 'cat', score: 1, box: box(0, 0, 50, 50) }] }, 4 / 3)).toEqual([]);
    const [cut] = placeBoxes({ width: 1600, height: 900, boxes: [{ label: 'cat', score: 1, box: box(0, 0, 800, 900) }] }, 4 / 3);
    near(cut!.left, 0);
    near(cut!.width, 0.5);
  });

  it('draws nothing for a snapshot without a size, and at most 20 boxes', () => {
    expect(placeBoxes({ width: 0, height: 480, boxes: [{ label: 'person', score: 1, box: [0, 0, 1, 1] }] }, 16 / 9)).toEqual([]);
    const many = Array.from({ length: 50 }, () => ({ label: 'person', score: 1, box: [10, 10, 20, 20] as [number, number, number, number] }));
    expect(placeBoxes({ width: 100, height: 100, boxes: many }, 1)).toHaveLength(20);
  });
});

describe('boxText', () => {
  it('says the label and the score in %', () => {
    expect(boxText({ label: 'person', score: 0.874 })).toBe('person 87%');
  });
});
