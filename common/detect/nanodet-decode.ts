/**
 * NanoDet's output tensors to boxes, with no I/O. Per stride (8, 16, 32) the model gives, for each cell
 * of its grid (row-major), 80 class scores (already through a sigmoid in this graph: they come out in
 * 0..1) and 44 numbers: 4 sides (left, top, right, bottom) × 11 bins of a distance distribution, whose
 * softmax expectation × stride is that side's distance from the cell centre ((col + 0.5) · stride).
 */
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { COCO_LABELS, NMS_GROUPS, type CocoLabel } from './coco-labels.js';
import { toSource, type Letterbox } from './letterbox.js';

export const INPUT_SIZE = 416;
export const STRIDES = [8, 16, 32] as const;
const CLASSES = COCO_LABELS.length;
const BINS = 11;
const SIDES = 4;

/** One output tensor as the model gives it: its shape and its numbers. */
export interface RawOutput {
  shape: readonly number[];
  data: Float32Array;
}

export interface Detection {
  label: CocoLabel;
  score: number;
  /** [x, y, width, height] in source pixels. */
  box: [number, number, number, number];
}

export interface DecodeOptions {
  /** Scores below this are not boxes (0.3 keeps vehicles, which NanoDet scores lower than people). */
  minScore: number;
  /** Boxes of one class (or NMS group) that overlap a better one by more than this are dropped. */
  iou: number;
  /** At most this many boxes per frame, the best first. */
  maxDetections: number;
}

export const DECODE_DEFAULTS: DecodeOptions = { minScore: 0.3, iou: 0.6, maxDetections: 100 };

interface Candidate {
  cls: number;
  score: number;
  /** x1, y1, x2, y2 in input pixels. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function badOutput(why: string): CamrelayError {
  return new CamrelayError('DETECT_BAD_OUTPUT', `The detection model's output is not NanoDet's: ${why}.`);
}

/** The score and distance tensors of each stride, found by shape (the graph's output order is not theirs). */
function byStride(outputs: readonly RawOutput[]): Result<{ stride: number; scores: Float32Array; dists: Float32Array }[]> {
  if (outputs.length !== STRIDES.length * 2) return fail(badOutput(`${outputs.length} tensors, not 6`));
  const levels = [];
  for (const stride of STRIDES) {
    const cells = (INPUT_SIZE / stride) ** 2;
    const find = (width: number) => outputs.find((o) => o.shape.length === 3 && o.shape[0] === 1 && o.shape[1] === cells && o.shape[2] === width);
    const scores = find(CLASSES);
    const dists = find(SIDES * BINS);
    if (!scores || !dists) return fail(badOutput(`no [1,${cells},${CLASSES}] and [1,${cells},${SIDES * BINS}] pair for stride ${stride}`));
    if (scores.data.length !== cells * CLASSES || dists.data.length !== cells * SIDES * BINS) {
      return fail(badOutput(`stride ${stride}'s data is shorter or longer than its shape`));
    }
    levels.push({ stride, scores: scores.data, dists: dists.data });
  }
  return ok(levels);
}

/** The softmax expectation of the 11 bins at `at`, in bins. */
function expectedBin(dists: Float32Array, at: number): number {
  let max = -Infinity;
  for (let b = 0; b < BINS; b++) max = Math.max(max, dists[at + b]!);
  let sum = 0;
  let weighted = 0;
  for (let b = 0; b < BINS; b++) {
    const e = Math.exp(dists[at + b]! - max); // minus the max: no overflow on large logits
    sum += e;
    weighted += e * b;
  }
  return weighted / sum;
}

function iou(a: Candidate, b: Candidate): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Greedy non-maximum suppression within each class, car/truck/bus counted as one class. */
export function suppress<T extends Candidate>(candidates: readonly T[], maxIou: number): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  const group = (c: Candidate) => NMS_GROUPS[COCO_LABELS[c.cls]!] ?? COCO_LABELS[c.cls]!;
  for (const c of sorted) {
    if (!kept.some((k) => group(k) === group(c) && iou(k, c) > maxIou)) kept.push(c);
  }
  return kept;
}

/** The boxes in `outputs`, in source pixels through `lb`, best first; DETECT_BAD_OUTPUT when the tensors are not NanoDet's. */
export function decodeNanodet(outputs: readonly RawOutput[], lb: Letterbox, options: Partial<DecodeOptions> = {}): Result<Detection[]> {
  const { minScore, iou: maxIou, maxDetections } = { ...DECODE_DEFAULTS, ...options };
  const levels = byStride(outputs);
  if (!levels.ok) return levels;
  const candidates: Candidate[] = [];
  for (const { stride, scores, dists } of levels.value) {
    const cols = INPUT_SIZE / stride;
    for (let cell = 0; cell < cols * cols; cell++) {
      let box: [number, number, number, number] | undefined;
      for (let cls = 0; cls < CLASSES; cls++) {
        const score = scores[cell * CLASSES + cls]!;
        if (!(score >= minScore)) continue; // NaN too
        if (!box) {
          const cx = ((cell % cols) + 0.5) * stride;
          const cy = (Math.floor(cell / cols) + 0.5) * stride;
          const d = (side: number) => expectedBin(dists, cell * SIDES * BINS + side * BINS) * stride;
          box = [cx - d(0), cy - d(1), cx + d(2), cy + d(3)];
        }
        candidates.push({ cls, score, x1: box[0], y1: box[1], x2: box[2], y2: box[3] });
      }
    }
  }
  const detections: Detection[] = [];
  for (const c of suppress(candidates, maxIou).slice(0, maxDetections)) {
    const box = toSource(lb, c.x1, c.y1, c.x2, c.y2);
    if (box[2] > 0 && box[3] > 0) detections.push({ label: COCO_LABELS[c.cls]!, score: Math.round(c.score * 1000) / 1000, box });
  }
  return ok(detections);
}
