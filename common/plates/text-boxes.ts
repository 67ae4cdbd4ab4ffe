/**
 * PP-OCR's text detector output to boxes (#58): the DB model gives each pixel of its input a
 * probability of being text; pixels above `threshold` are joined into regions (8-connected), a
 * region whose mean probability is under `boxThreshold` or that is smaller than `minSide` is dropped,
 * and each kept region's bounding box is grown by `unclip` (DB shrinks text when it learns it:
 * PaddleOCR's unclip ratio 1.5 adds back area × ratio ÷ perimeter on every side). Boxes are
 * axis-aligned: a plate on a vehicle's crop is near level. Pure.
 */
import type { Box } from '../detect/boxes.js';

export interface TextBoxOptions {
  threshold: number;
  boxThreshold: number;
  unclip: number;
  minSide: number;
  /** At most this many boxes, the most probable first. */
  max: number;
}

export const TEXT_BOX_DEFAULTS: TextBoxOptions = { threshold: 0.3, boxThreshold: 0.6, unclip: 1.5, minSide: 3, max: 16 };

export interface TextBox {
  /** [x, y, width, height] in the map's pixels. */
  box: Box;
  score: number;
}

/** The text regions of a `width` × `height` probability map. */
export function textBoxes(map: Float32Array, width: number, height: number, o: TextBoxOptions = TEXT_BOX_DEFAULTS): TextBox[] {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const found: TextBox[] = [];
  for (let start = 0; start < map.length; start++) {
    if (seen[start] || map[start]! <= o.threshold) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    let sum = 0;
    let n = 0;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      sum += map[i]!;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (!seen[j] && map[j]! > o.threshold) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    const score = sum / n;
    if (Math.min(w, h) < o.minSide || score < o.boxThreshold) continue;
    const grow = (w * h * o.unclip) / (2 * (w + h));
    const gx0 = Math.max(0, Math.floor(x0 - grow));
    const gy0 = Math.max(0, Math.floor(y0 - grow));
    const gx1 = Math.min(width, Math.ceil(x1 + 1 + grow));
    const gy1 = Math.min(height, Math.ceil(y1 + 1 + grow));
    found.push({ box: [gx0, gy0, gx1 - gx0, gy1 - gy0], score });
  }
  return found.sort((a, b) => b.score - a.score).slice(0, o.max);
}
