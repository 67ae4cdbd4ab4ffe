import { describe, expect, it } from 'vitest';
import { complete, exportSummary, seconds } from '../../../dashboard/src/playback/export-summary.js';
import type { ExportPlan } from '../../../shared/export-plan.js';
import { clockTime } from '../../../dashboard/src/playback/time.js';

const T = Date.parse('2026-11-23T14:00:00Z');
const plan = (gaps: ExportPlan['gaps'], recordedMs: number): ExportPlan => ({
  camera: 'door',
  from: T,
  to: T + 110_000,
  recordedFrom: T,
  recordedTo: T + 110_000,
  recordedMs,
  gaps,
  skipped: gaps.length,
  skippedMs: gaps.reduce((n, g) => n + g.end - g.start, 0),
  name: 'door.mp4',
});

describe('exportSummary', () => {
  it('says how much of the range was recorded and what the gaps were, summed by reason', () => {
    const p = plan(
      [
        { start: T + 30_000, end: T + 45_000, reason: 'camera-offline' },
        { start: T + 90_000, end: T + 106_500, reason: 'camera-offline' },
      ],
      78_500,
    );
    expect(complete(p)).toBe(false);
    expect(exportSummary(p)).toBe(
      `110 s asked: 78.5 s recorded, 2 gaps skipped (camera offline 31.5 s). The clip runs ${clockTime(T)}–${clockTime(T + 110_000)}.`,
    );
  });

  it('names each reason once, in the order they come', () => {
    const p = plan(
      [
        { start: T, end: T + 5000, reason: 'not-recorded' },
        { start: T + 30_000, end: T + 45_000, reason: 'relay-down' },
        { start: T + 50_000, end: T + 51_000, reason: 'not-recorded' },
      ],
      89_000,
    );
    expect(exportSummary(p)).toMatch(/^110 s asked: 89 s recorded, 3 gaps skipped \(not recorded 6 s, relay down 15 s\)\./);
  });

  it('has nothing to ask about a range recorded throughout', () => {
    expect(complete(plan([], 109_900))).toBe(true);
  });
});

describe('seconds', () => {
  it('counts seconds, with tenths, under two minutes only', () => {
    expect([seconds(78_500), seconds(110_000), seconds(125_000), seconds(180_000), seconds(3_840_000)]).toEqual([
      '78.5 s',
      '110 s',
      '2 min 5 s',
      '3 min',
      '1 h 4 min',
    ]);
  });
});
