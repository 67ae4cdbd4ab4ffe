/** The widths the Live Monitor asks of the relay: measured per tile, coalesced, and sent only when a rung changes. */
import { describe, expect, it } from 'vitest';
import { COALESCE_MS, deviceWidth, TileWidths, type SizeEntry, type SizeObserver } from '../../../dashboard/src/tiles/tile-widths.js';

/** Stands in for ResizeObserver: a test says when an element took a new width. */
class FakeObserver implements SizeObserver {
  readonly observed = new Set<Element>();
  disconnected = false;
  constructor(private readonly callback: (entries: readonly SizeEntry[]) => void) {}
  observe(target: Element): void {
    this.observed.add(target);
  }
  unobserve(target: Element): void {
    this.observed.delete(target);
  }
  disconnect(): void {
    this.disconnected = true;
    this.observed.clear();
  }
  resize(...sizes: Array<[Element, number]>): void {
    this.callback(sizes.filter(([target]) => this.observed.has(target)).map(([target, width]) => ({ target, contentRect: { width } })));
  }
}

/** A clock the test moves by hand, for the coalescing timer. */
class FakeClock {
  now = 0;
  private timers: Array<{ at: number; callback: () => void }> = [];
  setTimer = (callback: () => void, ms: number): unknown => {
    const timer = { at: this.now + ms, callback };
    this.timers.push(timer);
    return timer;
  };
  clearTimer = (timer: unknown): void => {
    this.timers = this.timers.filter((t) => t !== timer);
  };
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    this.now += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.now)) {
      this.timers = this.timers.filter((t) => t !== timer);
      timer.callback();
    }
  }
}

function setup(ratio = 1) {
  const clock = new FakeClock();
  const state = { ratio, changes: 0, stopped: false, ratioChanged: () => {} };
  let observer!: FakeObserver;
  const widths = new TileWidths({
    onChange: () => state.changes++,
    observer: (callback) => (observer = new FakeObserver(callback)),
    pixelRatio: () => state.ratio,
    watchPixelRatio: (onChange) => {
      state.ratioChanged = onChange;
      return () => (state.stopped = true);
    },
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  const door = { id: 'door' } as unknown as Element;
  const yard = { id: 'yard' } as unknown as Element;
  widths.track('door', door);
  widths.track('yard', yard);
  return { widths, observer, clock, state, door, yard };
}

describe('deviceWidth', () => {
  it('is the CSS width times devicePixelRatio, rounded up', () => {
    expect(deviceWidth(399.33, 1)).toBe(400);
    expect(deviceWidth(366, 2)).toBe(732);
    expect(deviceWidth(366.5, 3)).toBe(1100);
  });

  it('does not round float noise up a whole pixel', () => {
    expect(deviceWidth(300, 1.1)).toBe(330);
  });

  it('is null for an element with no width (not laid out)', () => {
    expect(deviceWidth(0, 2)).toBeNull();
    expect(deviceWidth(Number.NaN, 1)).toBeNull();
  });

  it('stays within what a subscription may ask (16 to 8192)', () => {
    expect(deviceWidth(4, 1)).toBe(16);
    expect(deviceWidth(5000, 2)).toBe(8192);
  });
});

describe('TileWidths', () => {
  describe('#take', () => {
    it('gives every measured tile its width in device pixels, and nothing for a tile not measured yet', () => {
      const { widths, observer, door } = setup(2);
      observer.resize([door, 400.2]);
      expect(widths.take()).toEqual({ door: 801 });
    });

    it('keeps the last width of a tile that leaves the layout (0 wide behind the single view or a group filter)', () => {
      const { widths, observer, door, yard } = setup();
      observer.resize([door, 400], [yard, 400]);
      observer.resize([yard, 0]);
      expect(widths.take()).toEqual({ door: 400, yard: 400 });
    });

    it('leaves out the camera the single view shows at native size, until the grid is back', () => {
      const { widths, observer, door, yard } = setup();
      observer.resize([door, 400], [yard, 400]);
      widths.setNative('door');
      expect(widths.take()).toEqual({ yard: 400 });
      widths.setNative(null);
      expect(widths.take()).toEqual({ door: 400, yard: 400 });
    });
  });

  describe('coalescing', () => {
    it('reports a burst of resizes once, COALESCE_MS after the first', () => {
      const { observer, clock, state, door, yard } = setup();
      for (let w = 300; w < 700; w += 10) observer.resize([door, w], [yard, w]);
      clock.advance(COALESCE_MS - 1);
      expect(state.changes).toBe(0);
      clock.advance(1);
      expect(state.changes).toBe(1);
    });

    it('reports a window drag at most once per COALESCE_MS', () => {
      const { widths, observer, clock, state, door } = setup();
      // Each 16 ms frame of the drag widens the tile by 40 px: a new rung every few frames.
      for (let frame = 0, w = 200; frame < 25; frame++, w += 40) {
        observer.resize([door, w]);
        clock.advance(16);
        if (state.changes > 0) widths.take();
      }
      expect(state.changes).toBeLessThanOrEqual(Math.ceil((25 * 16) / COALESCE_MS));
      expect(state.changes).toBeGreaterThan(0);
    });
  });

  describe('only when a rung changed', () => {
    it('says nothing while the widths stay on the rungs the relay has', () => {
      const { widths, observer, clock, state, door } = setup();
      observer.resize([door, 400]);
      widths.take();
      observer.resize([door, 600]);
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(0);
      observer.resize([door, 700]);
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(1);
    });

    it('keeps saying so until the page takes the widths (the relay did not get them while disconnected)', () => {
      const { widths, observer, clock, state, door, yard } = setup();
      observer.resize([door, 400]);
      clock.advance(COALESCE_MS);
      observer.resize([yard, 400]);
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(2);
      widths.take();
      observer.resize([yard, 401]);
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(2);
    });

    it('counts no entry and a width above the top rung as the same: native', () => {
      const { widths, observer, clock, state, door } = setup(2);
      observer.resize([door, 1000]);
      widths.take();
      widths.setNative('door');
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(0);
    });

    it('reports the single view, and the return to the grid', () => {
      const { widths, observer, clock, state, door } = setup();
      observer.resize([door, 400]);
      widths.take();
      widths.setNative('door');
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(1);
      expect(widths.take()).toEqual({});
      widths.setNative(null);
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(2);
    });

    it('reports a devicePixelRatio change that moves a rung (zoom, another screen)', () => {
      const { widths, observer, clock, state, door } = setup();
      observer.resize([door, 400]);
      widths.take();
      state.ratio = 2;
      state.ratioChanged();
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(1);
      expect(widths.take()).toEqual({ door: 800 });
    });
  });

  describe('#track and #untrack', () => {
    it('drops a camera whose tile is gone, and stops observing it', () => {
      const { widths, observer, clock, state, door, yard } = setup();
      observer.resize([door, 400], [yard, 400]);
      widths.take();
      widths.untrack('yard');
      expect(observer.observed.has(yard)).toBe(false);
      clock.advance(COALESCE_MS);
      expect(state.changes).toBe(1);
      expect(widths.take()).toEqual({ door: 400 });
    });

    it('follows a new element for the same camera instead of the old one', () => {
      const { widths, observer, door } = setup();
      const other = { id: 'door-2' } as unknown as Element;
      widths.track('door', other);
      expect(observer.observed.has(door)).toBe(false);
      observer.resize([other, 500]);
      expect(widths.take()).toEqual({ door: 500 });
    });
  });

  describe('#dispose', () => {
    it('stops observing, cancels a pending report and stops following devicePixelRatio', () => {
      const { widths, observer, clock, state, door } = setup();
      observer.resize([door, 400]);
      widths.dispose();
      expect(observer.disconnected).toBe(true);
      expect(clock.pending).toBe(0);
      expect(state.stopped).toBe(true);
    });
  });
});
