import { describe, expect, it } from 'vitest';
import { justify } from '../../../dashboard/src/tiles/justify.js';

const base = { width: 1001, height: 200, gap: 10, minWidth: 100, border: 0, maxHeight: 1000 };
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('justify', () => {
  it('packs tiles at the height asked, then grows each full row to the width, its pictures equally tall', () => {
    // At 200 px: 356 + 356 + 267 = 979 (+20) fits, the square (200) does not.
    const aspects = [16 / 9, 16 / 9, 4 / 3, 1];
    const { widths, rows } = justify({ ...base, aspects });
    expect(rows).toHaveLength(2);
    expect(sum(widths.slice(0, 3)) + 20).toBeCloseTo(1000, 6);
    const heights = widths.slice(0, 3).map((w, i) => w / aspects[i]!);
    for (const h of heights) expect(h).toBeCloseTo(rows[0]!, 6);
  });

  it('keeps the last row no taller than the one before it, centred by its margins', () => {
    const { widths, rows, margins } = justify({ ...base, aspects: [16 / 9, 16 / 9, 4 / 3, 1] });
    expect(rows[1]).toBeCloseTo(rows[0]!, 6);
    expect(widths[3]).toBeCloseTo(rows[0]!, 6);
    expect(margins[3]![0]).toBeCloseTo(margins[3]![1], 6);
    expect(margins[3]![0] + widths[3]! + margins[3]![1]).toBeCloseTo(1000, 6);
    // A full row needs no margins.
    for (const m of margins.slice(0, 3)) expect(m[0] + m[1]).toBeLessThan(1e-6);
  });

  it('holds a row at maxHeight and a picture at the minimum width, and counts the borders in the width', () => {
    const { widths } = justify({ ...base, aspects: [9 / 16], height: 300, minWidth: 50, border: 2, perRow: 1, maxHeight: 150 });
    expect(widths[0]).toBeCloseTo(150 * (9 / 16) + 2, 6);
    const held = justify({ ...base, aspects: [16 / 9, 1 / 4], height: 200 });
    expect(held.widths[1]).toBe(100);
  });

  it('puts no more tiles in a row than perRow', () => {
    expect(justify({ ...base, aspects: [1, 1, 1], perRow: 1 }).rows).toHaveLength(3);
    expect(justify({ ...base, aspects: [1, 1, 1] }).rows).toHaveLength(1);
  });
});
