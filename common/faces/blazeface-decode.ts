/**
 * BlazeFace's outputs to faces (#58), pure: the "back camera" model scores 896 anchors, 2 per cell of a
 * 16×16 grid and 6 per cell of an 8×8 one, each with a box (centre offset and size, in the 256 px
 * input's pixels) and 6 key points (eyes, nose tip, mouth, ears). Scores go through a sigmoid; boxes
 * of one face (IoU over 0.3) are blended weighted by score, as MediaPipe's weighted suppression does.
 */
import type { Box } from '../detect/boxes.js';

export const FACE_INPUT = 256;
/** The two heads: [cells per row, anchors per cell], in the order of the model's outputs. */
export const FACE_HEADS: ReadonlyArray<readonly [number, number]> = [
  [16, 2],
  [8, 6],
];
const KEYPOINTS = 6;
const VALUES = 4 + 2 * KEYPOINTS;
/** Raw scores are clipped here before the sigmoid, as MediaPipe does (no infinities). */
const SCORE_CLIP = 100;

export interface RawFace {
  score: number;
  /** [x, y, w, h] in the input's pixels. */
  box: Box;
  /** [x, y] of each key point in the input's pixels. */
  keypoints: Array<[number, number]>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, x))));

/** Every anchor scoring `minScore` or more, per head: `scores[h]` one value per anchor, `boxes[h]` VALUES per anchor. */
export function decodeFaces(scores: readonly Float32Array[], boxes: readonly Float32Array[], minScore: number): RawFace[] {
  const found: RawFace[] = [];
  for (const [h, [cells, per]] of FACE_HEADS.entries()) {
    const s = scores[h]!;
    const b = boxes[h]!;
    for (let i = 0; i < cells * cells * per; i++) {
      const score = sigmoid(s[i]!);
      if (score < minScore) continue;
      const cell = Math.floor(i / per);
      const ax = ((cell % cells) + 0.5) * (FACE_INPUT / cells);
      const ay = (Math.floor(cell / cells) + 0.5) * (FACE_INPUT / cells);
      const o = i * VALUES;
      const [cx, cy, w, hgt] = [ax + b[o]!, ay + b[o + 1]!, b[o + 2]!, b[o + 3]!];
      const keypoints: Array<[number, number]> = [];
      for (let k = 0; k < KEYPOINTS; k++) keypoints.push([ax + b[o + 4 + 2 * k]!, ay + b[o + 5 + 2 * k]!]);
      found.push({ score, box: [cx - w / 2, cy - hgt / 2, w, hgt], keypoints });
    }
  }
  return found;
}

function iou(a: Box, b: Box): number {
  const x = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const y = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = x * y;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** One face per cluster of overlapping anchors: the best one's score, the box and key points blended by score. */
export function blendFaces(raw: readonly RawFace[], overlap = 0.3, max = 16): RawFace[] {
  const left = [...raw].sort((a, b) => b.score - a.score);
  const faces: RawFace[] = [];
  while (left.length > 0 && faces.length < max) {
    const best = left[0]!;
    const cluster = left.filter((f) => iou(f.box, best.box) > overlap);
    const rest = left.filter((f) => iou(f.box, best.box) <= overlap);
    const total = cluster.reduce((sum, f) => sum + f.score, 0);
    const mean = (pick: (f: RawFace) => number) => cluster.reduce((sum, f) => sum + pick(f) * f.score, 0) / total;
    faces.push({
      score: best.score,
      box: [0, 1, 2, 3].map((j) => mean((f) => f.box[j]!)) as unknown as Box,
      keypoints: best.keypoints.map((_, k) => [mean((f) => f.keypoints[k]![0]), mean((f) => f.keypoints[k]![1])]),
    });
    left.splice(0, left.length, ...rest);
  }
  return faces;
}
