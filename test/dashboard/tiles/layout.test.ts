import { describe, expect, it } from 'vitest';
import { arrange, columnHeight, fillWindow, fitHeight, heightFor } from '../../../dashboard/src/tiles/layout.js';

const wide = (count: number) => Array<number>(count).fill(16 / 9);
const cols = (n: number, width = 1232) => columnHeight(n, width);

// Within half a pixel: rows are packed against the width with that much to spare.
describe('fitHeight', () => {
  it('puts five cameras three across in a 1280×800 window, so none needs scrolling', () => {
    expect(fitHeight({ aspects: wide(5), width: 1232, height: 695, compact: false })).toBeCloseTo(cols(3), 0);
  });

  it('takes the fewest columns that fit: one camera alone, four as two by two on a tall window', () => {
    expect(fitHeight({ aspects: wide(1), width: 1232, height: 695, compact: false })).toBeCloseTo(cols(1), 0);
    expect(fitHeight({ aspects: wide(4), width: 1000, height: 1200, compact: false })).toBeCloseTo(cols(2, 1000), 0);
  });

  it('fits with fewer columns (larger pictures) when the tiles are compact (no figures row)', () => {
    const space = { aspects: wide(2), width: 700, height: 900 };
    expect(fitHeight({ ...space, compact: false })).toBeCloseTo(cols(2, 700), 0);
    expect(fitHeight({ ...space, compact: true })).toBeCloseTo(cols(1, 700), 0);
  });

  it('fits 16 cameras in a 1280×800 window and 25 in 1920×1080, tiles as small as needed (#37)', () => {
    expect(fitHeight({ aspects: wide(16), width: 1232, height: 695, compact: false })).toBeCloseTo(cols(6), 0);
    const hd = { aspects: wide(25), width: 1872, height: 975, compact: false };
    const { rows } = arrange(fitHeight(hd), hd);
    expect(rows.reduce((sum, r) => sum + r + 83, 0) + 18 * (rows.length - 1)).toBeLessThanOrEqual(975);
  });

  it('keeps tiles at least 160 px wide (320 on a phone) and lets the page scroll when nothing fits', () => {
    expect(fitHeight({ aspects: wide(5), width: 366, height: 700, compact: false })).toBeCloseTo(cols(1, 366), 0);
    expect(fitHeight({ aspects: wide(60), width: 1232, height: 695, compact: false })).toBeCloseTo(cols(7), 0);
    expect((1232 - 6 * 18) / 7).toBeGreaterThanOrEqual(160);
  });

  it('makes the pictures taller where a portrait camera leaves room in the row', () => {
    // Two 16:9 cameras and a 9:16 one in 1000×420: one row, nearly as wide as the grid.
    const space = { aspects: [16 / 9, 16 / 9, 9 / 16], width: 1000, height: 420, compact: false };
    const h = fitHeight(space);
    expect(h).toBeGreaterThan(cols(3, 1000));
    const { widths, rows } = arrange(h, space);
    expect(rows).toHaveLength(1);
    expect(widths.reduce((s, w) => s + w, 0) + 36).toBeGreaterThan(990);
  });
});

describe('heightFor', () => {
  it('takes a chosen density as it is, but never below 200 px a tile', () => {
    expect(heightFor('2', { aspects: wide(9), width: 1232, height: 695, compact: false })).toBe(cols(2));
    expect(heightFor('4', { aspects: wide(9), width: 366, height: 695, compact: false })).toBe(cols(1, 366));
  });
});

describe('arrange', () => {
  it('gives 16:9 cameras equal columns, three to a row', () => {
    const { widths, rows } = arrange(cols(3), { aspects: wide(5), width: 1232, height: 695, compact: false });
    expect(rows).toHaveLength(2);
    for (const w of widths) expect(w).toBeCloseTo((1232 - 36) / 3, 0);
  });

  it('gives a portrait camera a tile of its own shape, as tall as its neighbours, the row as wide as the grid', () => {
    const aspects = [16 / 9, 16 / 9, 4 / 3, 9 / 16, 1];
    const { widths, rows } = arrange(cols(3), { aspects, width: 1232, height: 695, compact: false });
    expect(rows).toHaveLength(2);
    // Each picture is its tile less the 2 px of borders.
    const heights = widths.map((w, i) => (w - 2) / aspects[i]!);
    for (const h of heights) expect(h).toBeCloseTo(heights[0]!, 6);
    expect(widths.slice(0, 3).reduce((s, w) => s + w, 0) + 36).toBeCloseTo(1231, 6);
  });

  it('keeps a lone camera inside the window, and a portrait tile at least 120 px wide', () => {
    const alone = arrange(cols(1), { aspects: [9 / 16], width: 1232, height: 695, compact: false });
    expect(alone.rows[0]).toBe(695 - 83);
    // Centred by its margins, which with it span the grid's width (less the pixel kept for rounding).
    const [left, right] = alone.margins[0]!;
    expect(left).toBe(right);
    expect(left + alone.widths[0]! + right).toBeCloseTo(1231, 6);
    const many = arrange(cols(4), { aspects: [16 / 9, 9 / 16, 16 / 9], width: 1232, height: 695, compact: false });
    expect(many.widths[1]).toBe(120);
  });

  it("puts one camera across at one column's height: a phone's square and portrait cameras do not share a row", () => {
    const { widths, rows, margins } = arrange(cols(1, 366), { aspects: [16 / 9, 1, 9 / 16], width: 366, height: 740, compact: false });
    expect(rows).toHaveLength(3);
    expect(widths[1]).toBeCloseTo(365, 0);
    expect(margins[2]![0] + widths[2]! + margins[2]![1]).toBeCloseTo(365, 6);
  });
});

describe('fillWindow', () => {
  // The wall at 1920×1080: its 8 px padding around, tiles of picture and two borders (head 2, compact).
  const wall = (count: number, width = 1904, height = 1064) => ({ aspects: wide(count), width, height, compact: true, head: 2 });

  it('lays 16 cameras at 1920×1080 four rows of four, each row centred, pictures taller than Auto gives', () => {
    const space = wall(16);
    const h = fillWindow(space)!;
    expect(h).toBeGreaterThan(fitHeight(space));
    const { rows, margins } = arrange(h, space, h);
    expect(rows).toHaveLength(4);
    expect(rows.reduce((sum, r) => sum + r + 2, 0) + 18 * 3).toBeLessThanOrEqual(1064.5);
    expect(margins[0]![0]).toBeGreaterThan(0);
  });

  it("leaves Auto's rows when they are as tall (one camera), and a phone's width alone", () => {
    expect(fillWindow(wall(1))).toBeNull();
    expect(fillWindow(wall(4, 374, 828))).toBeNull();
  });
});
