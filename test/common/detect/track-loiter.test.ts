/** A tracked object's stays in zones, told once each when they pass the zone's loitering time. */
import { describe, expect, it } from 'vitest';
import { TrackLoiter } from '../../../common/detect/track-loiter.js';

const limits = new Map([['Driveway', 30_000]]);

describe('TrackLoiter', () => {
  describe('#update', () => {
    it("tells a stay once it passes the zone's time, and not before or again", () => {
      const l = new TrackLoiter();
      expect(l.update(['Driveway'], 0, limits)).toEqual([]);
      expect(l.update(['Driveway'], 29_999, limits)).toEqual([]);
      expect(l.update(['Driveway'], 30_000, limits)).toEqual([{ zone: 'Driveway', forMs: 30_000 }]);
      expect(l.update(['Driveway'], 90_000, limits)).toEqual([]);
    });

    it('starts a new stay after the object left the zone', () => {
      const l = new TrackLoiter();
      l.update(['Driveway'], 0, limits);
      l.update(['Driveway'], 30_000, limits);
      l.update([], 31_000, limits);
      l.update(['Driveway'], 32_000, limits);
      expect(l.stayed('Driveway', 40_000)).toBe(8_000);
      expect(l.update(['Driveway'], 62_000, limits)).toEqual([{ zone: 'Driveway', forMs: 30_000 }]);
    });

    it('times zones without a loitering time but tells none', () => {
      const l = new TrackLoiter();
      l.update(['Path'], 0, limits);
      expect(l.update(['Path'], 100_000, limits)).toEqual([]);
      expect(l.stayed('Path', 100_000)).toBe(100_000);
    });
  });

  describe('#pending', () => {
    it('is true while a timed stay has not been told', () => {
      const l = new TrackLoiter();
      l.update(['Driveway', 'Path'], 0, limits);
      expect(l.pending(limits)).toBe(true);
      l.update(['Driveway', 'Path'], 30_000, limits);
      expect(l.pending(limits)).toBe(false);
    });
  });
});
