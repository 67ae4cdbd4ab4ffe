/**
 * Regions: the crops of a picture the detector looks at instead of the whole of it (#57 item 2, after
 * Frigate's). The model sees 416×416; a 1280×720 picture scaled whole to that shrinks a person 60 px
 * tall to 20, too small for it. A region is a square of at least the model's size in the picture's
 * own pixels (so nothing is shrunk), larger when what moves is larger, around the tracked objects'
 * boxes and clusters of motion boxes, kept inside the picture, and at most `max` of them per look.
 * Pure code: the caller gives the boxes, the worker crops (detect-worker.ts).
 */
import type { Box } from './boxes.js';
import { NMS_GROUPS } from './coco-labels.js';
import type { Detection } from './nanodet-decode.js';
import { INPUT_SIZE } from './nanodet-decode.js';

/** Regions per look by default: each costs one inference (docs/detection.md's cost table). */
export const MAX_REGIONS = 4;
/** A region is this much larger than what it covers: a walker's next step stays inside it. */
const MARGIN = 1.2;
/** A cluster's region grows to at most the size where its first box is this share of it (Frigate's 10%). */
const SEED_SHARE = 0.1;
/** A box joins a region larger than the smallest only when it is at least this share of it: else it is too small in there. */
const JOIN_SHARE = 0.05;
/** Boxes of each kind taken per look (the largest): bounds the clustering, which compares every pair. */
const MAX_BOXES = 32;
/** A box this much inside a better one of its group is the same object seen cut at a region's edge. */
const CONTAINED = 0.9;

export interface RegionOptions {
  /** The smallest side of a region in picture pixels (default the model's input, 416: no shrinking). */
  size: number;
  /** At most this many regions (default MAX_REGIONS); more clusters are merged, the closest first. */
  max: number;
}

interface Picture {
  width: number;
  height: number;
}

/** A cluster: the box around what it covers, and the region that covers it. */
interface Cluster {
  cover: Box;
  region: Box;
}

const area = (b: Readonly<Box>) => b[2] * b[3];

function union(a: Readonly<Box>, b: Readonly<Box>): Box {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y];
}

function inside(outer: Readonly<Box>, b: Readonly<Box>): boolean {
  return b[0] >= outer[0] && b[1] >= outer[1] && b[0] + b[2] <= outer[0] + outer[2] && b[1] + b[3] <= outer[1] + outer[3];
}

/** A box clipped to the picture, or null when it is not a box (not finite, empty, or outside). */
function clip(b: Readonly<Box>, p: Picture): Box | null {
  if (!b.every(Number.isFinite)) return null;
  const x0 = Math.max(0, b[0]);
  const y0 = Math.max(0, b[1]);
  const x1 = Math.min(p.width, b[0] + b[2]);
  const y1 = Math.min(p.height, b[1] + b[3]);
  return x1 > x0 && y1 > y0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

/**
 * Something under a quarter of the region's size is looked at zoomed in: a region ZOOM_SPAN times its
 * longer side, at least ZOOM_MIN of `size`, which the worker scales up to the model's input. Measured
 * on test/common/detect/small-person.ts's person 65 px tall at 20 places along her walk: a 416 px
 * region found her (score 0.45 or more) at 7 of them, a 260 px one (her 4 times, 1.6× zoom) at all
 * 20 (0.47-0.69); 312 px 9, 208 px 1, 160 px 8.
 */
const ZOOM_SPAN = 4;
const ZOOM_MIN = 0.625;

/** The square region around `cover`: its longer side plus the margin, at least `size` (a small cover: zoomed, see ZOOM_SPAN), inside the picture. */
export function regionAround(cover: Readonly<Box>, p: Picture, size: number): Box {
  const longer = Math.max(cover[2], cover[3]);
  const side = longer * ZOOM_SPAN < size ? Math.max(Math.ceil(size * ZOOM_MIN), Math.ceil(longer * ZOOM_SPAN)) : Math.max(size, Math.ceil(longer * MARGIN));
  // A picture narrower than the side gets a region as wide as it is: letterboxing takes the rest.
  const w = Math.min(side, p.width);
  const h = Math.min(side, p.height);
  const clamp = (v: number, max: number) => Math.round(Math.min(Math.max(0, v), max));
  return [clamp(cover[0] + cover[2] / 2 - w / 2, p.width - w), clamp(cover[1] + cover[3] / 2 - h / 2, p.height - h), w, h];
}

const cluster = (cover: Box, p: Picture, size: number): Cluster => ({ cover, region: regionAround(cover, p, size) });

/** Motion boxes grouped so few regions cover many: each seed (largest first) takes the boxes its region can hold. */
function clusterMotion(boxes: Box[], p: Picture, size: number): Cluster[] {
  const clusters: Cluster[] = [];
  const left = [...boxes].sort((a, b) => area(b) - area(a));
  while (left.length > 0) {
    const seed = left.shift()!;
    // The seed stays at least SEED_SHARE of the region: a small change is not lost in a region sized for others.
    const limit = Math.max(size, Math.ceil(Math.sqrt(area(seed) / SEED_SHARE)));
    let c = cluster(seed, p, size);
    for (let i = 0; i < left.length;) {
      const grown = cluster(union(c.cover, left[i]!), p, size);
      const side = Math.max(grown.region[2], grown.region[3]);
      if (side <= limit && (side <= size || area(left[i]!) >= JOIN_SHARE * area(grown.region))) {
        c = grown;
        left.splice(i, 1);
      } else i++;
    }
    clusters.push(c);
  }
  return clusters;
}

/** Clusters merged two at a time (the pair whose merged region is smallest) until at most `max` are left. */
function bound(clusters: Cluster[], p: Picture, size: number, max: number): Cluster[] {
  const kept: Cluster[] = [];
  // A region inside one already kept adds nothing (object regions come first, so they are the ones kept).
  for (const c of clusters) if (!kept.some((k) => inside(k.region, c.region))) kept.push(c);
  while (kept.length > max) {
    let best: [number, number, Cluster] | null = null;
    for (let i = 0; i < kept.length; i++) {
      for (let j = i + 1; j < kept.length; j++) {
        const merged = cluster(union(kept[i]!.cover, kept[j]!.cover), p, size);
        if (!best || area(merged.region) < area(best[2].region)) best = [i, j, merged];
      }
    }
    const [i, j, merged] = best!;
    kept[i] = merged;
    kept.splice(j, 1);
  }
  return kept;
}

/**
 * The regions of a `picture` to look at: one around each of `objects` (tracked objects' predicted
 * boxes), then clusters of the `motion` boxes no object region holds; [x, y, w, h] in picture
 * pixels. None when no box is given: the caller looks at the whole picture, or not at all.
 */
export function pickRegions(picture: Picture, motion: readonly Box[], objects: readonly Box[] = [], options: Partial<RegionOptions> = {}): Box[] {
  const { size, max } = { size: INPUT_SIZE, max: MAX_REGIONS, ...options };
  if (!(max >= 1) || !(size >= 1)) throw new TypeError('A region needs a size of at least 1 px, and a look at least one region.');
  const take = (boxes: readonly Box[]) =>
    boxes
      .map((b) => clip(b, picture))
      .filter((b): b is Box => b !== null)
      .sort((a, b) => area(b) - area(a))
      .slice(0, MAX_BOXES);
  const around = take(objects).map((b) => cluster(b, picture, size));
  const moving = take(motion).filter((b) => !around.some((c) => inside(c.region, b)));
  return bound([...around, ...clusterMotion(moving, picture, size)], picture, size, Math.floor(max)).map((c) => c.region);
}

/** Where to look in a frame: motion's boxes and the tracked objects' boxes, in the `width`×`height` picture they were found on. */
export interface LookHints {
  width: number;
  height: number;
  motion: readonly Box[];
  objects: readonly Box[];
}

/**
 * A box whose longer side is at least this many of the model's pixels when the whole picture is
 * scaled to it is found by a look at the whole picture (NanoDet misses objects much under 20 px; on
 * the test photos a person 60 px tall in the model's input scores as one seen up close). When every
 * hint is that large, one whole look finds them all for the price of one region: regions are for
 * what would be too small.
 */
export const WHOLE_FINDS_PX = 48;

/** `b`'s centre lies within `big` grown by half its size each way: a piece of the large thing that moved (a hand, its shadow), not a thing of its own. */
function partOf(big: Readonly<Box>, b: Readonly<Box>): boolean {
  const cx = b[0] + b[2] / 2;
  const cy = b[1] + b[3] / 2;
  return cx >= big[0] - big[2] / 2 && cx <= big[0] + big[2] * 1.5 && cy >= big[1] - big[3] / 2 && cy <= big[1] + big[3] * 1.5;
}

/**
 * True when a look at the whole `picture` finds everything in `boxes`: each is WHOLE_FINDS_PX or more
 * once scaled to `model`, or a small piece beside such a box (motion around a walker comes in pieces).
 */
export function wholeFinds(picture: Picture, boxes: readonly Box[], model = INPUT_SIZE): boolean {
  const k = model / Math.max(picture.width, picture.height);
  const big = boxes.filter((b) => Math.max(b[2], b[3]) * k >= WHOLE_FINDS_PX);
  return boxes.every((b) => big.includes(b) || big.some((g) => partOf(g, b)));
}

/**
 * The regions to look at for `hints` in a picture of `size` (the hints' own by default; a capture side's frame may be
 * larger than the relay's picture the hints were found on, so their boxes are scaled to it), or undefined for the
 * whole picture: no hints, nothing in them, or nothing in them too small for a whole look (wholeFinds).
 */
export function regionsForHints(
  hints: LookHints | undefined,
  size: Picture = hints ?? { width: 0, height: 0 },
  options: Partial<RegionOptions> = {},
): Box[] | undefined {
  if (!hints || !(hints.width > 0) || !(hints.height > 0)) return undefined;
  const sx = size.width / hints.width;
  const sy = size.height / hints.height;
  const scale = (b: Readonly<Box>): Box => (sx === 1 && sy === 1 ? [...b] : [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy]);
  const motion = hints.motion.map(scale);
  const objects = hints.objects.map(scale);
  if (wholeFinds(size, [...motion, ...objects])) return undefined;
  const regions = pickRegions(size, motion, objects, options);
  return regions.length > 0 ? regions : undefined;
}

/** `detections` found in a crop at `region` (in the crop's pixels), in the picture's. */
export function shiftDetections(detections: readonly Detection[], region: Readonly<Box>): Detection[] {
  return detections.map((d) => ({ ...d, box: [d.box[0] + region[0], d.box[1] + region[1], d.box[2], d.box[3]] }));
}

function overlap(a: Readonly<Box>, b: Readonly<Box>): { iou: number; ofSmaller: number } {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return { iou: 0, ofSmaller: 0 };
  const inter = w * h;
  return { iou: inter / (area(a) + area(b) - inter), ofSmaller: inter / Math.min(area(a), area(b)) };
}

/**
 * One list from the looks at overlapping regions: a box of the same label group (NMS_GROUPS) that
 * overlaps a better one by more than `maxIou`, or lies mostly inside it (the object cut at one
 * region's edge and whole in another), is the same object and dropped. Best first.
 */
export function mergeDetections(detections: readonly Detection[], maxIou: number): Detection[] {
  const group = (d: Detection) => NMS_GROUPS[d.label] ?? d.label;
  const kept: Detection[] = [];
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    const same = kept.some((k) => {
      if (group(k) !== group(d)) return false;
      const o = overlap(k.box, d.box);
      return o.iou > maxIou || o.ofSmaller > CONTAINED;
    });
    if (!same) kept.push(d);
  }
  return kept;
}
