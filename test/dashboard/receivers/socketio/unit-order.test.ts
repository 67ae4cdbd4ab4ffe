import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNIT_ORDER_HOLD_MS, UnitOrder } from '../../../../dashboard/src/receivers/socketio/unit-order.js';

describe('UnitOrder: frame-fetch H.264 units back in the relay order', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands units on in order, holding one that came before the one ahead of it', () => {
    const out: number[] = [];
    const order = new UnitOrder<number>((n) => out.push(n), 2);
    order.put(0, 0);
    order.put(2, 2);
    expect(out).toEqual([0]);
    order.put(1, 1);
    expect(out).toEqual([0, 1, 2]);
  });

  it('goes on without a lost unit after the hold, and drops it if it comes later', () => {
    const out: number[] = [];
    const order = new UnitOrder<number>((n) => out.push(n), 2);
    order.put(0, 0);
    order.put(2, 2);
    vi.advanceTimersByTime(UNIT_ORDER_HOLD_MS - 1);
    expect(out).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(out).toEqual([0, 2]);
    order.put(1, 1);
    order.put(3, 3);
    expect(out).toEqual([0, 2, 3]);
  });

  it('holds no more than it was told: past that, all go on in order', () => {
    const out: number[] = [];
    const order = new UnitOrder<number>((n) => out.push(n), 2);
    order.put(3, 3);
    order.put(1, 1);
    expect(out).toEqual([]);
    order.put(2, 2);
    expect(out).toEqual([1, 2, 3]);
  });

  it('ignores an order that is no number, and starts from 0 again after a reset', () => {
    const out: number[] = [];
    const order = new UnitOrder<number>((n) => out.push(n), 2);
    order.put(Number('x'), 9);
    order.put(0, 0);
    order.reset();
    order.put(0, 10);
    expect(out).toEqual([0, 10]);
  });
});
