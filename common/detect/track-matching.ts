/**
 * Which detection continues which tracked object: a cost per pair from the object's predicted box
 * (track-motion.ts) and the detection's, then the cheapest pairs first, each side used once
 * (greedy by cost; with at most 100 of each it finds what Hungarian would on all but contrived scenes). Pure.
 */
import { iou, type Box } from './boxes.js';
import { centre } from './track-motion.js';

/** What matching needs of a tracked object: its kind, where it should be now, where it was last seen, and its size. */
export interface MatchTrack {
  kind: string;
  predicted: Box;
  last: Readonly<Box>;
  size: number;
}

/** What matching needs of a detection. */
export interface MatchDetection {
  kind: string;
  box: Readonly<Box>;
}

export interface MatchOptions {
  /** A pair overlapping by at least this IoU may match however far apart their centres. */
  minIou: number;
  /** A pair whose centres are at most this many object sizes apart may match without overlapping. */
  maxDistance: number;
}

/** A box more than this many times larger or smaller than the object's is another thing (a crowd's box, a fragment). */
const MAX_AREA_RATIO = 4;
/**
 * What matching at the last-seen box costs over matching at the prediction: a swaying person's
 * speed flips look to look and a late look carries it far, so where it stood is a fallback, but
 * one that never beats an object whose prediction fits (two people crossing).
 */
const UNPREDICTED = 0.5;

/**
 * The cost of `d` continuing `t`, or null when it cannot: 1 − IoU of the prediction, plus the
 * distance between centres in sizes (zero is the predicted box itself); or the same from where it
 * was last seen, plus UNPREDICTED, when that is less.
 */
export function matchCost(t: MatchTrack, d: MatchDetection, o: MatchOptions): number | null {
  if (t.kind !== d.kind) return null;
  const predicted = boxCost(t.predicted, t.size, d.box, o);
  const last = boxCost(t.last, t.size, d.box, o);
  if (predicted === null) return last === null ? null : last + UNPREDICTED;
  return last === null ? predicted : Math.min(predicted, last + UNPREDICTED);
}

function boxCost(p: Readonly<Box>, trackSize: number, box: Readonly<Box>, o: MatchOptions): number | null {
  const ratio = (box[2] * box[3]) / (p[2] * p[3]);
  if (!(ratio <= MAX_AREA_RATIO && ratio >= 1 / MAX_AREA_RATIO)) return null;
  const overlap = iou(p, box);
  const [px, py] = centre(p);
  const [dx, dy] = centre(box);
  const size = Math.max(trackSize, (box[2] + box[3]) / 2);
  const distance = Math.hypot(dx - px, dy - py) / size;
  if (overlap < o.minIou && distance > o.maxDistance) return null;
  return 1 - overlap + distance;
}

/** Pairs of (track index, detection index), the cheapest first, each index used once. */
export function matchByCost(tracks: readonly MatchTrack[], dets: readonly MatchDetection[], o: MatchOptions): Map<number, number> {
  const pairs: { t: number; d: number; cost: number }[] = [];
  for (const [ti, t] of tracks.entries()) {
    for (const [di, d] of dets.entries()) {
      const cost = matchCost(t, d, o);
      if (cost !== null) pairs.push({ t: ti, d: di, cost });
    }
  }
  // Ties go to the older track and the earlier (higher-scoring) detection, so a run is repeatable.
  pairs.sort((a, b) => a.cost - b.cost || a.t - b.t || a.d - b.d);
  const matched = new Map<number, number>();
  const used = new Set<number>();
  for (const { t, d } of pairs) {
    if (matched.has(t) || used.has(d)) continue;
    matched.set(t, d);
    used.add(d);
  }
  return matched;
}
