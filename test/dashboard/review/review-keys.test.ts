import { describe, expect, it } from 'vitest';
import { nextIndex } from '../../../dashboard/src/review/review-keys.js';

describe('nextIndex', () => {
  it('moves one card left or right, and a row up or down', () => {
    expect([nextIndex('ArrowRight', 1, 10, 4), nextIndex('ArrowLeft', 1, 10, 4), nextIndex('ArrowDown', 1, 10, 4), nextIndex('ArrowUp', 5, 10, 4)]).toEqual([
      2, 0, 5, 1,
    ]);
  });

  it('stops at the first and last card, and Home and End go there', () => {
    expect([nextIndex('ArrowLeft', 0, 10, 4), nextIndex('ArrowDown', 8, 10, 4), nextIndex('Home', 7, 10, 4), nextIndex('End', 2, 10, 4)]).toEqual([0, 9, 0, 9]);
  });

  it('leaves other keys alone', () => {
    expect(nextIndex('Enter', 3, 10, 4)).toBeNull();
  });
});
