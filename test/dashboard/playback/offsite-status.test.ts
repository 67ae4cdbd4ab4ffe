import { describe, expect, it } from 'vitest';
import { offsiteText } from '../../../dashboard/src/playback/offsite-status.js';
import { clockTime } from '../../../dashboard/src/playback/time.js';

const at = Date.UTC(2026, 10, 24, 10, 30);
const hm = (ms: number) => clockTime(ms, false);

describe('offsiteText', () => {
  it('says copied, copying and queued plainly', () => {
    expect(offsiteText({ state: 'copied', at })).toBe('Copied off-site');
    expect(offsiteText({ state: 'copying', at })).toBe('Copying off-site…');
    expect(offsiteText({ state: 'queued', at, detail: 'waiting for the post-roll to be recorded' })).toBe('Queued for off-site copy');
  });

  it('puts the next try before the reason of a failure (a long reason is cut on a card)', () => {
    expect(offsiteText({ state: 'failed', at, detail: 'connection refused', retryAt: at + 10_000 })).toBe(
      `Off-site copy failed (retrying at ${hm(at + 10_000)}): connection refused`,
    );
  });

  it('says a given-up copy failed, without a next try', () => {
    expect(offsiteText({ state: 'failed', at, detail: 'gave up after 24 h: connection refused' })).toBe(
      'Off-site copy failed: gave up after 24 h: connection refused',
    );
    expect(offsiteText({ state: 'failed', at, detail: 'queue full' })).toBe('Off-site copy failed: queue full');
  });

  it('says an event held by the daily cap, and when it will be copied', () => {
    const midnight = Date.UTC(2026, 10, 25);
    expect(offsiteText({ state: 'held', at, detail: 'daily cap of 500 MB reached', retryAt: midnight })).toBe(
      `Off-site copy held: daily cap of 500 MB reached (copies at ${hm(midnight)})`,
    );
  });
});
