/** The NanoDet decoder on synthetic tensors: where a known cell and distance put a box, NMS, letterboxing, bounds. */
import { describe, expect, it } from 'vitest';
import { COCO_LABELS } from '../../../common/detect/coco-labels.js';
import { letterbox } from '../../../common/detect/letterbox.js';
import { decodeNanodet, type RawOutput, suppress } from '../../../common/detect/nanodet-decode.js';

const square = letterbox(416, 416, 416);

/** Six empty outputs in the real graph's order (stride 32 scores and distances first, as the model lists them). */
function outputs(): RawOutput[] {
  const make = (cells: number, width: number): RawOutput => ({ shape: [1, cells, width], data: new Float32Array(cells * width) });
  return [make(169, 80), make(169, 44), make(676, 80), make(2704, 80), make(676, 44), make(2704, 44)];
}

/** Puts a `label` score at (row, col) of `stride` with the distances of each side peaked at a whole bin. */
function place(outs: RawOutput[], stride: 8 | 16 | 32, row: number, col: number, label: string, score: number, bins: [number, number, number, number]) {
  const cols = 416 / stride;
  const cell = row * cols + col;
  const scores = outs.find((o) => o.shape[1] === cols * cols && o.shape[2] === 80)!;
  const dists = outs.find((o) => o.shape[1] === cols * cols && o.shape[2] === 44)!;
  scores.data[cell * 80 + COCO_LABELS.indexOf(label as never)] = score;
  bins.forEach((bin, side) => (dists.data[cell * 44 + side * 11 + bin] = 60)); // softmax of 60 against 0s: that bin, to 1e-25
}

describe('decodeNanodet', () => {
  it('puts a box at its cell centre plus the expected distances × stride', () => {
    const outs = outputs();
    place(outs, 16, 10, 12, 'person', 0.9, [3, 5, 4, 6]);
    // centre ((12 + 0.5) · 16, (10 + 0.5) · 16) = (200, 168); left 48, top 80, right 64, bottom 96
    expect(decodeNanodet(outs, square)).toEqual({ ok: true, value: [{ label: 'person', score: 0.9, box: [152, 88, 112, 176] }] });
  });

  it('takes the softmax expectation when a side spreads over two bins', () => {
    const outs = outputs();
    place(outs, 8, 0, 0, 'dog', 0.8, [0, 0, 2, 2]);
    const dists = outs.find((o) => o.shape[1] === 2704 && o.shape[2] === 44)!;
    dists.data[2 * 11 + 3] = 60; // right side: bins 2 and 3 equal, expectation 2.5 bins = 20 px
    const got = decodeNanodet(outs, square);
    expect(got.ok && got.value[0]!.box).toEqual([4, 4, 20, 16]); // x from 4 to 4 + 20, y from 4 to 4 + 16
  });

  it('maps boxes back through the letterbox to source pixels', () => {
    const outs = outputs();
    place(outs, 32, 6, 6, 'car', 0.7, [2, 1, 2, 1]); // input box 144..272 × 176..240
    // 1280×720 → scale 0.325, 416×234 at padY 91: x (144 / 0.325) = 443, y ((176 - 91) / 0.325) = 262
    const got = decodeNanodet(outs, letterbox(1280, 720, 416));
    expect(got).toEqual({ ok: true, value: [{ label: 'car', score: 0.7, box: [443, 262, 394, 197] }] });
  });

  it('leaves out scores under minScore, NaN scores, and boxes wholly in the padding', () => {
    const outs = outputs();
    place(outs, 16, 5, 5, 'person', 0.29, [1, 1, 1, 1]);
    place(outs, 16, 6, 20, 'person', Number.NaN, [1, 1, 1, 1]);
    place(outs, 16, 0, 12, 'person', 0.9, [1, 0, 1, 2]); // y 8..40: in the top padding of a 1280×720 letterbox
    expect(decodeNanodet(outs, letterbox(1280, 720, 416))).toEqual({ ok: true, value: [] });
  });

  it('keeps the better of two overlapping person boxes, and both of two apart', () => {
    const outs = outputs();
    place(outs, 16, 10, 10, 'person', 0.8, [3, 3, 3, 3]);
    place(outs, 16, 10, 11, 'person', 0.6, [3, 3, 3, 3]);
    place(outs, 16, 20, 20, 'person', 0.5, [2, 2, 2, 2]);
    const got = decodeNanodet(outs, square);
    expect(got.ok && got.value.map((d) => d.score)).toEqual([0.8, 0.5]);
  });

  it('suppresses a truck box on the same vehicle as a better car box, but not a person on it', () => {
    const outs = outputs();
    place(outs, 32, 6, 6, 'car', 0.7, [3, 2, 3, 2]);
    place(outs, 32, 6, 7, 'truck', 0.5, [4, 2, 2, 2]);
    place(outs, 16, 13, 13, 'person', 0.6, [4, 4, 4, 4]);
    const got = decodeNanodet(outs, square);
    expect(got.ok && got.value.map((d) => d.label)).toEqual(['car', 'person']);
  });

  it('gives at most maxDetections boxes, the best first', () => {
    const outs = outputs();
    for (let col = 0; col < 10; col++) place(outs, 8, 10, col * 5, 'person', 0.4 + col / 100, [1, 1, 1, 1]);
    const got = decodeNanodet(outs, square, { maxDetections: 3 });
    expect(got.ok && got.value.map((d) => d.score)).toEqual([0.49, 0.48, 0.47]);
  });

  describe('refuses output that is not NanoDet’s with DETECT_BAD_OUTPUT, not a crash', () => {
    const cases: [string, () => RawOutput[]][] = [
      ['five tensors', () => outputs().slice(1)],
      ['no tensors', () => []],
      ['a tensor shorter than its shape', () => outputs().map((o, i) => (i === 3 ? { ...o, data: o.data.subarray(0, 100) } : o))],
      ['a wrong shape', () => outputs().map((o, i) => (i === 0 ? { shape: [1, 170, 80], data: new Float32Array(170 * 80) } : o))],
      ['a rank-2 shape', () => outputs().map((o, i) => (i === 1 ? { shape: [169, 44], data: o.data } : o))],
    ];
    for (const [name, make] of cases) {
      it(name, () => {
        const got = decodeNanodet(make(), square);
        expect(got.ok).toBe(false);
        if (!got.ok) expect(got.error.code).toBe('DETECT_BAD_OUTPUT');
      });
    }
  });
});

describe('suppress', () => {
  const box = (cls: string, score: number, x1: number) => ({ cls: COCO_LABELS.indexOf(cls as never), score, x1, y1: 0, x2: x1 + 100, y2: 100 });

  it('drops a box over IoU 0.6 with a better one of its group, keeps one at IoU 0.5', () => {
    // x offset 20: IoU 80/120 = 0.67; offset 33.4: IoU 66.6/133.4 = 0.4993
    expect(suppress([box('bus', 0.5, 20), box('car', 0.9, 0)], 0.6).map((b) => b.score)).toEqual([0.9]);
    expect(suppress([box('bus', 0.5, 33.4), box('car', 0.9, 0)], 0.6).map((b) => b.score)).toEqual([0.9, 0.5]);
    expect(suppress([box('dog', 0.5, 0), box('cat', 0.9, 0)], 0.6)).toHaveLength(2);
  });
});

describe('letterbox', () => {
  it('fits the source whole and centres it', () => {
    expect(letterbox(1280, 720, 416)).toEqual({ srcWidth: 1280, srcHeight: 720, scale: 0.325, width: 416, height: 234, padX: 0, padY: 91 });
    expect(letterbox(480, 640, 416)).toMatchObject({ width: 312, height: 416, padX: 52, padY: 0 });
  });
});
