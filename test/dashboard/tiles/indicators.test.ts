import { describe, expect, it } from 'vitest';
import {
  STALL_AFTER_MS,
  formatAge,
  formatCameraCount,
  formatFps,
  formatLatency,
  formatFrameSize,
  formatResolution,
  relayStatus,
  tileStatus,
} from '../../../dashboard/src/tiles/indicators.js';

describe('tileStatus', () => {
  const live = { online: true, status: 'live' as const };

  it('is offline when the server says so, whatever this browser drew', () => {
    expect(tileStatus({ online: false, status: 'offline' }, 1000, 1000)).toBe('offline');
    expect(tileStatus({ online: false, status: 'live' }, 1000, 1000)).toBe('offline');
  });

  it('is stalled when the server says so', () => {
    expect(tileStatus({ online: true, status: 'stalled' }, 1000, 1000)).toBe('stalled');
  });

  it('is starting when the server says so, however long nothing was drawn here (#37 item 14)', () => {
    expect(tileStatus({ online: true, status: 'starting' }, 1000, 1001 + STALL_AFTER_MS)).toBe('starting');
  });

  it('is live while this browser keeps drawing frames', () => {
    expect(tileStatus(live, 1000, 1000 + STALL_AFTER_MS)).toBe('live');
  });

  it('is stalled when this browser has drawn nothing for longer than the stall limit', () => {
    expect(tileStatus(live, 1000, 1001 + STALL_AFTER_MS)).toBe('stalled');
  });

  it("is the relay's word for a tile off screen, which draws nothing by design", () => {
    expect(tileStatus(live, null, 1_000_000)).toBe('live');
    expect(tileStatus({ online: true, status: 'stalled' }, null, 1_000_000)).toBe('stalled');
    expect(tileStatus({ online: false, status: 'live' }, null, 1_000_000)).toBe('offline');
  });
});

describe('relayStatus', () => {
  it('is offline for a camera not online, whatever status it last had', () => {
    expect(relayStatus({ online: false, status: 'live' })).toBe('offline');
  });

  it("is the relay's status for a camera online", () => {
    expect(relayStatus({ online: true, status: 'live' })).toBe('live');
    expect(relayStatus({ online: true, status: 'stalled' })).toBe('stalled');
  });
});

describe('formatLatency', () => {
  it('rounds to whole ms', () => {
    expect(formatLatency(83.6, true, true)).toEqual({ text: '84 ms', title: '' });
  });

  it('marks an unsynced capture clock with ~ and explains why', () => {
    const latency = formatLatency(120, false, true);
    expect(latency.text).toBe('~120 ms');
    expect(latency.title).toMatch(/capture PC's clock/);
  });

  it('marks an unmeasured browser offset with ~ and explains why', () => {
    const latency = formatLatency(120, true, false);
    expect(latency.text).toBe('~120 ms');
    expect(latency.title).toMatch(/browser/);
  });

  it('shows a dash before the first frame', () => {
    expect(formatLatency(null, true, true).text).toBe('—');
  });
});

describe('formatFps', () => {
  it('shows one decimal', () => {
    expect(formatFps(14.5)).toBe('14.5');
    expect(formatFps(0)).toBe('0.0');
  });
});

describe('formatFrameSize', () => {
  it('says auto when the relay sends a smaller rung than the tile asked for', () => {
    expect(formatFrameSize(640, 360, 900, 1280)).toBe('640×360 · auto');
    expect(formatFrameSize(320, 180, 2000, 1920)).toBe('320×180 · auto');
    // The single view asks the full size whatever its box (tile-figures.ts passes Infinity).
    expect(formatFrameSize(960, 540, Infinity, 1280)).toBe('960×540 · auto');
  });

  it('is the plain size at the rung asked, or native', () => {
    expect(formatFrameSize(960, 540, 900, 1280)).toBe('960×540');
    expect(formatFrameSize(1280, 720, 2000, 1280)).toBe('1280×720');
    expect(formatFrameSize(64, 48, 400, 64)).toBe('64×48');
  });

  it('is the plain size when the person pinned it, smaller than the tile or not', () => {
    expect(formatFrameSize(320, 180, 900, 1280, true)).toBe('320×180');
  });

  it('is a dash before the size is known', () => {
    expect(formatFrameSize(null, null, 400, null)).toBe('—');
  });
});

describe('formatResolution', () => {
  it('joins width and height with ×', () => {
    expect(formatResolution(1280, 720)).toBe('1280×720');
  });

  it('shows a dash when unknown', () => {
    expect(formatResolution(null, null)).toBe('—');
  });
});

describe('formatCameraCount', () => {
  it('says how many cameras and how many are live', () => {
    expect(formatCameraCount(0, 0)).toBe('0 cameras');
    expect(formatCameraCount(1, 1)).toBe('1 camera · 1 live');
    expect(formatCameraCount(3, 2)).toBe('3 cameras · 2 live');
  });
});

describe('formatAge', () => {
  it('picks the largest whole unit', () => {
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(5 * 60_000 + 59_000)).toBe('5 min');
    expect(formatAge(3 * 3_600_000)).toBe('3 h');
    expect(formatAge(2 * 86_400_000)).toBe('2 d');
  });

  it('never goes negative when clocks disagree', () => {
    expect(formatAge(-500)).toBe('0 s');
  });
});
