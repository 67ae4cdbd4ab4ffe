import { describe, expect, it } from 'vitest';
import { FailureLimiter, type LimiterOptions } from '../../../server/auth/rate-limit.js';

/** Three failures a minute, then a five-minute block, on a clock the test moves. */
function setup(o: Partial<LimiterOptions> = {}) {
  const clock = { now: 1_000_000 };
  const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 60_000, blockMs: 300_000, now: () => clock.now, ...o });
  return { clock, limiter };
}

describe('FailureLimiter', () => {
  describe('#retryAfter', () => {
    it('is 0 for a key it has never seen', () => {
      expect(setup().limiter.retryAfter('10.0.0.1')).toBe(0);
    });
  });

  describe('#fail', () => {
    it('blocks a key at the limit of failures within the window, for the block time', () => {
      const { clock, limiter } = setup();
      limiter.fail('a');
      limiter.fail('a');
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.fail('a');
      expect(limiter.retryAfter('a')).toBe(300_000);
      clock.now += 299_000;
      expect(limiter.retryAfter('a')).toBe(1000);
      clock.now += 1000;
      expect(limiter.retryAfter('a')).toBe(0);
    });

    it('blocks only the key that failed', () => {
      const { limiter } = setup();
      for (let i = 0; i < 3; i++) limiter.fail('a');
      expect(limiter.retryAfter('b')).toBe(0);
    });

    it('forgets failures older than the window', () => {
      const { clock, limiter } = setup();
      limiter.fail('a');
      limiter.fail('a');
      clock.now += 60_000;
      limiter.fail('a');
      expect(limiter.retryAfter('a')).toBe(0);
    });

    it('forgets the oldest keys first beyond maxKeys, so a flood of addresses cannot grow it', () => {
      const { limiter } = setup({ maxFailures: 1, maxKeys: 2 });
      limiter.fail('a');
      limiter.fail('b');
      expect(limiter.retryAfter('a')).toBeGreaterThan(0);
      limiter.fail('c');
      expect(limiter.retryAfter('a')).toBe(0);
      expect(limiter.retryAfter('b')).toBeGreaterThan(0);
      expect(limiter.retryAfter('c')).toBeGreaterThan(0);
    });
  });

  describe('#begin', () => {
    it('refunds an attempt that succeeds, so a key that keeps succeeding is never blocked', () => {
      const { limiter } = setup();
      for (let i = 0; i < 10; i++) limiter.begin('a')!.succeed();
      expect(limiter.retryAfter('a')).toBe(0);
    });

    it('keeps the failure of an attempt that fails', () => {
      const { limiter } = setup();
      for (let i = 0; i < 3; i++) limiter.begin('a')!.fail();
      expect(limiter.retryAfter('a')).toBe(300_000);
    });

    it('charges attempts still running, so parallel tries cannot outrun the count', () => {
      const { limiter } = setup();
      const running = [limiter.begin('a'), limiter.begin('a'), limiter.begin('a')];
      expect(running.every((a) => a !== null)).toBe(true);
      expect(limiter.begin('a')).toBeNull();
    });

    it('lifts a block that a succeeding attempt brings back under the limit', () => {
      const { limiter } = setup();
      limiter.fail('a');
      limiter.fail('a');
      const attempt = limiter.begin('a')!;
      expect(limiter.retryAfter('a')).toBeGreaterThan(0);
      attempt.succeed();
      expect(limiter.retryAfter('a')).toBe(0);
    });

    it('refunds a success only once, and not after the attempt failed', () => {
      const { limiter } = setup();
      limiter.fail('a');
      const ok = limiter.begin('a')!;
      ok.succeed();
      ok.succeed();
      const failed = limiter.begin('a')!;
      failed.fail();
      failed.succeed();
      // One failure before, one kept: the third blocks.
      limiter.fail('a');
      expect(limiter.retryAfter('a')).toBeGreaterThan(0);
    });
  });
});
