import { describe, expect, it } from 'vitest';
import { columnsFor, fitColumns } from '../../../dashboard/src/tiles/layout.js';

describe('fitColumns', () => {
  it('puts five cameras three across in a 1280×800 window, so none needs scrolling', () => {
    expect(fitColumns({ count: 5, width: 1232, height: 695, compact: false })).toBe(3);
  });

  it('takes the fewest columns that fit: one camera alone, four as two by two on a tall window', () => {
    expect(fitColumns({ count: 1, width: 1232, height: 695, compact: false })).toBe(1);
    expect(fitColumns({ count: 4, width: 1000, height: 1200, compact: false })).toBe(2);
  });

  it('fits with fewer columns (larger pictures) when the tiles are compact (no figures row)', () => {
    const space = { count: 2, width: 700, height: 900 };
    expect(fitColumns({ ...space, compact: false })).toBe(2);
    expect(fitColumns({ ...space, compact: true })).toBe(1);
  });

  it('keeps tiles at least 320 px wide and lets the page scroll when nothing fits (a phone)', () => {
    expect(fitColumns({ count: 5, width: 366, height: 700, compact: false })).toBe(1);
    expect(fitColumns({ count: 40, width: 1232, height: 695, compact: false })).toBe(3);
  });
});

describe('columnsFor', () => {
  it('takes a chosen density as it is, but never below 200 px a tile', () => {
    expect(columnsFor('2', { count: 9, width: 1232, height: 695, compact: false })).toBe(2);
    expect(columnsFor('4', { count: 9, width: 366, height: 695, compact: false })).toBe(1);
  });
});
