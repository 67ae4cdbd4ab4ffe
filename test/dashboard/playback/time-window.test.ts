import { describe, expect, it } from 'vitest';
import { TimeWindow, tickStep, zoomLabel, ZOOMS } from '../../../dashboard/src/playback/time-window.js';

const H = 3_600_000;
const DAY = 24 * H;

describe('TimeWindow', () => {
  describe('#zoom', () => {
    it('narrows to the next span around the center, and back to the whole day', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      expect(w.zoom(1, 12 * H)).toBe(true);
      expect([w.from, w.to]).toEqual([9 * H, 15 * H]);
      expect(w.zoom(-1, 12 * H)).toBe(true);
      expect([w.from, w.to]).toEqual([0, DAY]);
      expect(w.zoom(-1, 12 * H)).toBe(false);
    });

    it('stays inside the day near its ends', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.zoom(1, 23.5 * H);
      expect([w.from, w.to]).toEqual([18 * H, DAY]);
      w.zoom(1, 0);
      expect([w.from, w.to]).toEqual([0, H]);
    });

    it('takes a center chosen for the new span', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.zoom(1, (span) => 20 * H - span / 4);
      expect(w.to - w.span / 4).toBe(20 * H);
    });

    it('goes no finer than its last span', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      for (let i = 0; i < 10; i++) w.zoom(1, 12 * H);
      expect(w.span).toBe(ZOOMS.at(-1));
    });

    it('shows a 25-hour day (DST ends) whole', () => {
      const w = new TimeWindow();
      w.setDay(0, 25 * H);
      w.zoom(1, 12 * H);
      w.zoom(-1, 12 * H);
      expect(w.span).toBe(25 * H);
    });
  });

  describe('#fit', () => {
    it('opens at the narrowest span that holds the recorded hours with a margin, centred on them', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.fit(9 * H, 10 * H);
      expect([w.from, w.to]).toEqual([8.75 * H, 10.25 * H]);
      expect(zoomLabel(w.span)).toBe('1.5 h');
    });

    it('zooms in to the next narrower span and out to the next wider one from there', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.fit(9 * H, 10 * H);
      expect(w.zoom(1, 9.5 * H)).toBe(true);
      expect(w.span).toBe(H);
      w.fit(9 * H, 10 * H);
      expect(w.zoom(-1, 9.5 * H)).toBe(true);
      expect(w.span).toBe(6 * H);
    });

    it('takes a span it shares with the zooms as that zoom level', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.fit(12 * H, 12 * H + 30_000);
      expect(w.span).toBe(ZOOMS[3]);
      expect(w.zoom(1, 12 * H)).toBe(true);
      expect(w.span).toBe(ZOOMS[4]);
      expect(w.zoom(1, 12 * H)).toBe(false);
    });

    it('keeps the window inside the day, and shows the day whole for more than 12 h of recordings', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.fit(23.5 * H, DAY);
      expect([w.from, w.to]).toEqual([23 * H, DAY]);
      w.setDay(0, DAY);
      w.fit(H, 14 * H);
      expect([w.from, w.to]).toEqual([0, DAY]);
    });
  });

  describe('#follow', () => {
    it('moves the window only when the moment leaves it', () => {
      const w = new TimeWindow();
      w.setDay(0, DAY);
      w.zoom(1, 3 * H);
      expect(w.follow(4 * H)).toBe(false);
      expect(w.follow(7 * H)).toBe(true);
      expect(w.share(7 * H)).toBeCloseTo(0.1);
    });
  });

  describe('#at and #share', () => {
    it('map moments to shares of the width and back, clamped', () => {
      const w = new TimeWindow();
      w.setDay(1000, 1000 + DAY);
      expect(w.share(1000 + 6 * H)).toBe(0.25);
      expect(w.at(0.25)).toBe(1000 + 6 * H);
      expect(w.at(-1)).toBe(1000);
      expect(w.at(2)).toBe(1000 + DAY);
    });
  });
});

describe('tickStep', () => {
  it('keeps labels about 70 px apart', () => {
    expect(tickStep(DAY, 1200)).toBe(3 * H);
    expect(tickStep(DAY, 340)).toBe(6 * H);
    expect(tickStep(60_000, 1200)).toBe(10_000);
  });
});

describe('zoomLabel', () => {
  it('names each span', () => {
    expect(ZOOMS.map(zoomLabel)).toEqual(['24 h', '6 h', '1 h', '10 min', '1 min']);
  });
});
