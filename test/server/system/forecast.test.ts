import { describe, expect, it } from 'vitest';
import { bytesPerDay, DAY_MS, forecast, MIN_SPAN_MS } from '../../../server/system/forecast.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const HOUR = 3_600_000;
const GB = 1e9;

describe('bytesPerDay', () => {
  it('is null with nothing recorded, or less than 15 minutes of it', () => {
    expect(bytesPerDay([], NOW)).toBeNull();
    expect(bytesPerDay([{ start: NOW - MIN_SPAN_MS + 1000, end: NOW, bytes: 1e6 }], NOW)).toBeNull();
  });

  it('sums the last 24 h, counting a segment across its start for the part inside', () => {
    const segments = [
      // Half of it lies before the window: half its bytes count.
      { start: NOW - DAY_MS - HOUR, end: NOW - DAY_MS + HOUR, bytes: 2 * GB },
      { start: NOW - 2 * HOUR, end: NOW - HOUR, bytes: 3 * GB },
      // Older than a day: not counted.
      { start: NOW - 3 * DAY_MS, end: NOW - 3 * DAY_MS + HOUR, bytes: 50 * GB },
    ];
    expect(bytesPerDay(segments, NOW)).toBe(4 * GB);
  });

  it('measures a relay that began recording an hour ago over that hour', () => {
    expect(bytesPerDay([{ start: NOW - HOUR, end: NOW, bytes: 1 * GB }], NOW)).toBe(24 * GB);
  });
});

describe('forecast', () => {
  it('says how many whole days fit in the recordings’ space and the free space above the floor', () => {
    const f = forecast({ rate: 2 * GB, usedBytes: 3.2 * GB, freeBytes: 41 * GB, floorBytes: 1 * GB, retentionDays: [7, 30] });
    expect(f).toEqual({ bytesPerDay: 2 * GB, daysFit: 21, retentionDays: 30, floorBytes: 1 * GB });
  });

  it('gives retention 0 when a camera keeps its recordings until the disk needs room, null when none records', () => {
    expect(forecast({ rate: GB, usedBytes: 0, freeBytes: 10 * GB, floorBytes: 0, retentionDays: [7, 0] }).retentionDays).toBe(0);
    expect(forecast({ rate: GB, usedBytes: 0, freeBytes: 10 * GB, floorBytes: 0, retentionDays: [] }).retentionDays).toBeNull();
  });

  it('has no days without a rate or a free space, and counts no room below the floor', () => {
    expect(forecast({ rate: null, usedBytes: GB, freeBytes: GB, floorBytes: 0, retentionDays: [7] }).daysFit).toBeNull();
    expect(forecast({ rate: GB, usedBytes: GB, freeBytes: null, floorBytes: 0, retentionDays: [7] }).daysFit).toBeNull();
    expect(forecast({ rate: GB, usedBytes: 2 * GB, freeBytes: 0.5 * GB, floorBytes: GB, retentionDays: [7] }).daysFit).toBe(2);
  });
});
