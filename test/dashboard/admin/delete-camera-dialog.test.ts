import { describe, expect, it } from 'vitest';
import { describeRecordings, parseSummary } from '../../../dashboard/src/admin/delete-camera-dialog.js';

describe('parseSummary', () => {
  it('reads what the relay says a camera has recorded, or null for anything else', () => {
    expect(parseSummary({ camera: 'a', segments: 2, bytes: 10, days: 1, firstDay: '2026-11-20', lastDay: '2026-11-20' })).toEqual({
      segments: 2,
      bytes: 10,
      days: 1,
      firstDay: '2026-11-20',
      lastDay: '2026-11-20',
    });
    expect(parseSummary({ error: 'NOT_JSON' })).toBeNull();
    expect(parseSummary('x')).toBeNull();
  });
});

describe('describeRecordings', () => {
  it('gives the size and the days, one day as "on"', () => {
    expect(describeRecordings({ segments: 3, bytes: 2_500_000_000, days: 3, firstDay: '2026-11-20', lastDay: '2026-11-22' })).toBe(
      '2.5 GB over 3 days, 2026-11-20 to 2026-11-22',
    );
    expect(describeRecordings({ segments: 1, bytes: 700_000, days: 1, firstDay: '2026-11-21', lastDay: '2026-11-21' })).toBe('700 KB on 2026-11-21');
  });

  it('is null with no recordings', () => {
    expect(describeRecordings({ segments: 0, bytes: 0, days: 0, firstDay: null, lastDay: null })).toBeNull();
  });
});
