import { describe, expect, it } from 'vitest';
import { fpsOf, joinListings, lastFrameAt, nearestRecorded, playFrom, recordedRanges, segmentAt } from '../../../dashboard/src/playback/day-data.js';
import { seg } from './segment.js';
import { addLocalDays, duration, gapWords, localDayStart, spans } from '../../../dashboard/src/playback/time.js';

describe('joinListings', () => {
  it('lists a segment seen in two pieces once, and joins touching gaps of one reason', () => {
    const a = seg(100, 200);
    const day = joinListings(0, 400, [
      {
        segments: [a],
        gaps: [
          { start: 0, end: 100, reason: 'not-recorded' },
          { start: 200, end: 300, reason: 'camera-offline' },
        ],
        events: [],
      },
      {
        segments: [a],
        gaps: [{ start: 300, end: 400, reason: 'camera-offline' }],
        events: [{ id: 'e', camera: 'door', start: 150, end: 160, cutShort: false, peakScore: 3, peakAt: 155, snapshotUrl: null, thumbnailUrl: null }],
      },
    ]);
    expect(day.segments).toEqual([a]);
    expect(day.gaps).toEqual([
      { start: 0, end: 100, reason: 'not-recorded' },
      { start: 200, end: 400, reason: 'camera-offline' },
    ]);
    expect(day.events.map((e) => e.id)).toEqual(['e']);
  });
});

describe('segments', () => {
  const segments = [seg(1000, 2000), seg(2010, 3000), seg(10_000, 11_000)];

  it('finds the segment holding a moment, none in a gap', () => {
    expect(segmentAt(segments, 1500)?.start).toBe(1000);
    expect(segmentAt(segments, 5000)).toBeNull();
  });

  it('finds the nearest recorded moment from a gap', () => {
    expect(nearestRecorded(segments, 4000)).toBe(2999);
    expect(nearestRecorded(segments, 9000)).toBe(10_000);
    expect(nearestRecorded([], 9000)).toBeNull();
    // A segment just opened (no frame yet) has nothing to play: never a moment before its start.
    expect(nearestRecorded([seg(20_000, 20_000)], 25_000)).toBeNull();
    expect(nearestRecorded([...segments, seg(20_000, 20_000)], 25_000)).toBe(10_999);
  });

  it('plays an event from 5 s before when recorded then, else from where its recording begins, if that is before its end', () => {
    expect(playFrom(segments, { start: 6500, end: 8000 }, 5000)).toBe(1500);
    expect(playFrom(segments, { start: 7000, end: 8000 }, 5000)).toBe(2010);
    // Motion mode's pre-roll starts a moment after the lead: the recording's first frame, not 1 ms before it.
    expect(playFrom(segments, { start: 14_999, end: 16_000 }, 5000)).toBe(10_000);
    expect(playFrom(segments, { start: 14_000, end: null }, 5000)).toBe(10_000);
    // A segment just opened has no frame to play.
    expect(playFrom([seg(1000, 2000), seg(20_000, 20_000), seg(21_000, 22_000)], { start: 24_000, end: null }, 5000)).toBe(21_000);
    expect(playFrom([seg(10_000, 11_000)], { start: 6000, end: 8000 }, 5000)).toBeNull();
    expect(playFrom([], { start: 4000, end: null }, 5000)).toBeNull();
  });

  it('draws segments that follow on each other as one range', () => {
    expect(recordedRanges(segments)).toEqual([
      { start: 1000, end: 3000 },
      { start: 10_000, end: 11_000 },
    ]);
  });

  it('places the last frame one interval of the fps cap before the end, and derives the fps from the frames before it', () => {
    const s = seg(0, 1000 + 100, 11);
    expect(lastFrameAt(s, 10)).toBeCloseTo(1);
    expect(fpsOf(s, 10)).toBeCloseTo(10);
  });
});

describe('local days', () => {
  it('cuts a span into pieces of at most 24 h', () => {
    const H = 3_600_000;
    expect(spans(0, 25 * H)).toEqual([
      [0, 24 * H],
      [24 * H, 25 * H],
    ]);
  });

  it('steps by calendar days from local midnight', () => {
    const today = localDayStart(Date.now());
    expect(new Date(today).getHours()).toBe(0);
    expect(new Date(addLocalDays(today, 1)).getDate()).toBe(new Date(today + 36 * 3_600_000).getDate());
  });

  it('says durations and gap reasons in words', () => {
    expect([duration(45_000), duration(180_000), duration(7_500_000)]).toEqual(['45 s', '3 min', '2 h 5 min']);
    expect(gapWords('relay-down')).toBe('relay down');
    expect(gapWords('something-new')).toBe('something new');
  });
});
