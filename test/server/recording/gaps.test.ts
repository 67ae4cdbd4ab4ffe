import { describe, expect, it } from 'vitest';
import { gapsOf } from '../../../server/recording/gaps.js';
import type { EndReason, SegmentRecord } from '../../../server/recording/segment-files.js';

const seg = (start: number, end: number, endReason: EndReason | null, state: 'open' | 'closed' = 'closed'): SegmentRecord => ({
  id: String(start).padStart(13, '0'),
  camera: 'cam',
  start,
  end,
  frames: 1,
  bytes: 1,
  format: 'h264',
  width: 1,
  height: 1,
  state,
  endReason,
});

describe('gapsOf', () => {
  it('labels each hole with the reason the segment before it ended', () => {
    const segments = [seg(10_000, 20_000, 'rotate'), seg(20_000, 30_000, 'relay-down'), seg(40_000, 50_000, 'disk-full'), seg(60_000, 70_000, 'recording-off')];
    expect(gapsOf(segments, 0, 100_000, 200_000)).toEqual([
      { start: 0, end: 10_000, reason: 'not-recorded' },
      { start: 30_000, end: 40_000, reason: 'relay-down' },
      { start: 50_000, end: 60_000, reason: 'disk-full' },
      { start: 70_000, end: 100_000, reason: 'recording-off' },
    ]);
  });

  it('calls a hole after a rotated segment camera-offline, ignores jitter, and stops at now', () => {
    const segments = [seg(0, 10_000, 'rotate'), seg(11_000, 20_000, 'rotate'), seg(30_000, 40_000, 'camera-offline')];
    expect(gapsOf(segments, 0, 100_000, 45_000)).toEqual([
      { start: 20_000, end: 30_000, reason: 'camera-offline' },
      { start: 40_000, end: 45_000, reason: 'camera-offline' },
    ]);
  });

  it('shows a short hole after a segment that ended for a reason (a quick restart)', () => {
    expect(gapsOf([seg(0, 10_000, 'relay-down'), seg(11_000, 20_000, 'rotate')], 0, 20_000, 20_000)).toEqual([
      { start: 10_000, end: 11_000, reason: 'relay-down' },
    ]);
  });

  it('shows no gap after a segment still being written', () => {
    expect(gapsOf([seg(0, 10_000, null, 'open')], 0, 100_000, 12_000)).toEqual([]);
  });
});
