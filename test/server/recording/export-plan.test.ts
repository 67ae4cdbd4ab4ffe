import { describe, expect, it } from 'vitest';
import { clipName, planExport, planHeaders } from '../../../server/recording/export-plan.js';
import type { SegmentRecord } from '../../../server/recording/segment-files.js';

const T = Date.parse('2026-11-23T14:00:00Z');
const seg = (start: number, end: number, endReason: SegmentRecord['endReason'] = 'rotate'): SegmentRecord => ({
  id: String(start),
  camera: 'door',
  start,
  end,
  frames: 10,
  bytes: 1000,
  format: 'h264',
  width: 320,
  height: 180,
  state: 'closed',
  endReason,
});

describe('planExport', () => {
  it('counts the recorded time and the gaps joined over: 110 s asked over two offline spells', () => {
    // Recorded 0-30 s, 45-90 s and 106.5-110 s of the range; offline between.
    const segments = [seg(T, T + 30_000, 'camera-offline'), seg(T + 45_000, T + 90_000, 'camera-offline'), seg(T + 106_500, T + 120_000)];
    const plan = planExport('door', segments, T, T + 110_000, T + 3_600_000)!;
    expect(plan).toMatchObject({ recordedFrom: T, recordedTo: T + 110_000, recordedMs: 78_500, skipped: 2, skippedMs: 31_500 });
    expect(plan.gaps).toEqual([
      { start: T + 30_000, end: T + 45_000, reason: 'camera-offline' },
      { start: T + 90_000, end: T + 106_500, reason: 'camera-offline' },
    ]);
    expect(planHeaders(plan)).toEqual({
      'X-Camrelay-Export-Range': `${T}-${T + 110_000}`,
      'X-Camrelay-Export-Recorded': '78.5',
      'X-Camrelay-Export-Gaps': '2; missing=31.5',
      'Content-Disposition': 'attachment; filename="door-2026-11-23T14-00-00Z-to-14-01-50Z.mp4"',
    });
  });

  it('names the clip after the first and last recorded moments, not the range asked', () => {
    const plan = planExport('door', [seg(T + 10_000, T + 20_000)], T, T + 60_000, T + 3_600_000)!;
    expect(plan).toMatchObject({ recordedFrom: T + 10_000, recordedTo: T + 20_000, recordedMs: 10_000, skipped: 0, skippedMs: 0 });
    expect(plan.name).toBe('door-2026-11-23T14-00-10Z-to-14-00-20Z.mp4');
    // What lies before and after is listed, but it is not inside the clip.
    expect(plan.gaps.map((g) => g.reason)).toEqual(['not-recorded', 'camera-offline']);
  });

  it('does not count a short hole between rotated segments as a gap', () => {
    const plan = planExport('door', [seg(T, T + 5000), seg(T + 5100, T + 10_000)], T, T + 10_000, T + 60_000)!;
    expect(plan).toMatchObject({ recordedMs: 9900, skipped: 0, gaps: [] });
  });

  it('is null where nothing was recorded', () => {
    expect(planExport('door', [], T, T + 10_000, T + 60_000)).toBeNull();
    expect(planExport('door', [seg(T - 20_000, T - 10_000)], T, T + 10_000, T + 60_000)).toBeNull();
  });
});

describe('clipName', () => {
  it('gives the date of the end too when the clip crosses midnight (UTC)', () => {
    expect(clipName('door', Date.parse('2026-11-23T23:59:50Z'), Date.parse('2026-11-24T00:00:10Z'))).toBe(
      'door-2026-11-23T23-59-50Z-to-2026-11-24T00-00-10Z.mp4',
    );
  });
});
