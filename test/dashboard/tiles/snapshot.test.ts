import { describe, expect, it } from 'vitest';
import { snapshotFileName } from '../../../dashboard/src/tiles/snapshot.js';

describe('snapshotFileName', () => {
  it("names the file after the camera and the frame's local time", () => {
    const at = new Date(2026, 10, 22, 23, 40, 5).getTime();
    expect(snapshotFileName('front-door', at)).toBe('front-door_2026-11-22_23-40-05.jpg');
  });
});
