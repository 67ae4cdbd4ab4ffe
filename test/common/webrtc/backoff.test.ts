/** The wait between WebRTC upgrade attempts, the same on both legs. */
import { describe, expect, it } from 'vitest';
import { UpgradeBackoff } from '../../../common/webrtc/backoff.js';

describe('UpgradeBackoff', () => {
  it('doubles the wait up to the maximum', () => {
    const b = new UpgradeBackoff(5000, 20_000);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([5000, 10_000, 20_000, 20_000]);
  });

  it('starts over after an upgrade that carried frames for a minute, not after a short one', () => {
    const b = new UpgradeBackoff(5000, 60_000);
    b.take();
    b.noteEnd(0, 30_000);
    expect(b.take()).toBe(10_000);
    b.noteEnd(0, 61_000);
    expect(b.take()).toBe(5000);
    b.noteEnd(null, 120_000);
    expect(b.take()).toBe(10_000);
  });
});
