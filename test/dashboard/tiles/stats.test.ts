import { describe, expect, it } from 'vitest';
import { FpsWindow, Stats, lostBetween } from '../../../dashboard/src/tiles/stats.js';

describe('lostBetween', () => {
  it('counts nothing for the first frame', () => {
    expect(lostBetween(null, { seq: 7, capturedAt: 1 })).toBe(0);
  });

  it('counts nothing for consecutive frames', () => {
    expect(lostBetween({ seq: 7, capturedAt: 1 }, { seq: 8, capturedAt: 2 })).toBe(0);
  });

  it('counts k − 1 for a jump of k', () => {
    expect(lostBetween({ seq: 7, capturedAt: 1 }, { seq: 11, capturedAt: 2 })).toBe(3);
  });

  it('counts nothing for a seq reset', () => {
    expect(lostBetween({ seq: 900, capturedAt: 1 }, { seq: 0, capturedAt: 2 })).toBe(0);
  });
});

describe('FpsWindow', () => {
  describe('#ctor', () => {
    it('throws if the window is not positive', () => {
      expect(() => new FpsWindow(0)).toThrow(TypeError);
    });
  });

  describe('#rate', () => {
    it('is the number of events in the window per second', () => {
      const fps = new FpsWindow(2000);
      for (let t = 0; t < 2000; t += 100) fps.add(t);
      expect(fps.rate(1999)).toBe(10);
    });

    it('forgets events older than the window', () => {
      const fps = new FpsWindow(2000);
      for (let t = 0; t < 1000; t += 100) fps.add(t);
      expect(fps.rate(2500)).toBe(2);
      expect(fps.rate(3000)).toBe(0);
    });

    it('keeps the newest events when the ring is full', () => {
      const fps = new FpsWindow(1000, 4);
      for (let t = 0; t < 10; t++) fps.add(t);
      expect(fps.rate(10)).toBe(4);
      fps.add(500);
      expect(fps.rate(1010)).toBe(1);
    });
  });

  describe('#reset', () => {
    it('empties the window', () => {
      const fps = new FpsWindow();
      fps.add(1);
      fps.reset();
      expect(fps.rate(2)).toBe(0);
    });
  });
});

describe('Stats', () => {
  describe('#receive', () => {
    it('accepts newer frames and counts the gaps between them as lost', () => {
      const stats = new Stats();
      expect(stats.receive({ seq: 1, capturedAt: 10 })).toBe(true);
      expect(stats.receive({ seq: 4, capturedAt: 40 })).toBe(true);
      expect(stats).toMatchObject({ received: 2, lost: 2, dropped: 0 });
    });

    it('refuses an older or repeated frame and counts it dropped, not lost', () => {
      const stats = new Stats();
      stats.receive({ seq: 5, capturedAt: 50 });
      expect(stats.receive({ seq: 3, capturedAt: 30 })).toBe(false);
      expect(stats.receive({ seq: 5, capturedAt: 50 })).toBe(false);
      expect(stats).toMatchObject({ received: 3, lost: 0, dropped: 2 });
    });

    it('does not let a late arrival move the loss baseline back', () => {
      const stats = new Stats();
      stats.receive({ seq: 5, capturedAt: 50 });
      stats.receive({ seq: 3, capturedAt: 30 });
      stats.receive({ seq: 6, capturedAt: 60 });
      expect(stats.lost).toBe(0);
    });
  });

  describe('#draw', () => {
    it('counts draws and feeds the FPS window', () => {
      const stats = new Stats(1000);
      stats.draw(0);
      stats.draw(500);
      expect(stats.drawn).toBe(2);
      expect(stats.fps.rate(900)).toBe(2);
    });
  });
});
