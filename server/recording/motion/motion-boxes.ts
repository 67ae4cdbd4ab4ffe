/**
 * Where a picture changed: boxes around the changed pixels of motion's small grid, changes a few
 * pixels apart taken as one thing, lone pixels dropped as noise, and at most `max` boxes (the
 * closest merged first). Pure code on the grid; the caller scales the boxes to its picture.
 */
import type { Box } from '../../../common/detect/boxes.js';

/** Boxes a reading gives at most: object detection crops at most a few regions from them anyway. */
export const MAX_MOTION_BOXES = 8;
/** Changed pixels this close (grid pixels, 8 of a 1280 px frame each) are one thing: a walker's arm and body. */
const GAP = 2;
/** A change of fewer grid pixels is sensor noise, not motion. */
const MIN_PIXELS = 2;
/** Components kept before merging (the largest): bounds the pairwise merge on a noisy picture. */
const MAX_COMPONENTS = 64;

interface Part {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  pixels: number;
}

const union = (a: Part, b: Part): Part => ({
  x0: Math.min(a.x0, b.x0),
  y0: Math.min(a.y0, b.y0),
  x1: Math.max(a.x1, b.x1),
  y1: Math.max(a.y1, b.y1),
  pixels: a.pixels + b.pixels,
});
const area = (p: Part) => (p.x1 - p.x0 + 1) * (p.y1 - p.y0 + 1);

/** The changed parts of a `width`×`height` mask (non-zero = changed), each changed pixel reaching others within GAP. */
function components(changed: Uint8Array, width: number, height: number): Part[] {
  const seen = new Uint8Array(changed.length);
  const stack: number[] = [];
  const parts: Part[] = [];
  for (let start = 0; start < changed.length; start++) {
    if (!changed[start] || seen[start]) continue;
    const part: Part = { x0: width, y0: height, x1: 0, y1: 0, pixels: 0 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      part.pixels++;
      part.x0 = Math.min(part.x0, x);
      part.y0 = Math.min(part.y0, y);
      part.x1 = Math.max(part.x1, x);
      part.y1 = Math.max(part.y1, y);
      for (let ny = Math.max(0, y - GAP); ny <= Math.min(height - 1, y + GAP); ny++) {
        for (let nx = Math.max(0, x - GAP); nx <= Math.min(width - 1, x + GAP); nx++) {
          const j = ny * width + nx;
          if (changed[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (part.pixels >= MIN_PIXELS) parts.push(part);
  }
  return parts;
}

/** Boxes [x, y, w, h] in grid pixels around what changed, largest change first, at most `max`. */
export function motionBoxes(changed: Uint8Array, width: number, height: number, max = MAX_MOTION_BOXES): Box[] {
  const parts = components(changed, width, height)
    .sort((a, b) => b.pixels - a.pixels)
    .slice(0, MAX_COMPONENTS);
  // Over the bound: the pair whose union adds the least area becomes one, until few enough are left.
  while (parts.length > Math.max(1, max)) {
    let best = [0, 1, Infinity];
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        const cost = area(union(parts[i]!, parts[j]!)) - area(parts[i]!) - area(parts[j]!);
        if (cost < best[2]!) best = [i, j, cost];
      }
    }
    const [i, j] = best as [number, number, number];
    parts[i] = union(parts[i]!, parts[j]!);
    parts.splice(j, 1);
  }
  return parts.sort((a, b) => b.pixels - a.pixels).map((p) => [p.x0, p.y0, p.x1 - p.x0 + 1, p.y1 - p.y0 + 1]);
}

/** Boxes on a `from` grid as boxes on a `to` picture (rounded outward, so a box never shrinks). */
export function scaleBoxes(boxes: readonly Box[], from: { width: number; height: number }, to: { width: number; height: number }): Box[] {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return boxes.map(([x, y, w, h]) => {
    const x0 = Math.floor(x * sx);
    const y0 = Math.floor(y * sy);
    return [x0, y0, Math.min(to.width, Math.ceil((x + w) * sx)) - x0, Math.min(to.height, Math.ceil((y + h) * sy)) - y0];
  });
}
