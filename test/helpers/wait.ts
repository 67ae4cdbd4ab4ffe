import { cpus, loadavg } from 'node:os';

/**
 * How many times slower than a quiet machine this one runs now: the last minute's load per core,
 * from 1 (quiet) up to 6. A deadline in a test is a guard against a hang, not a timing (timings are
 * `npm run bench` rows): on a busy CI box (load 10-15 on two cores) every step of a browser test
 * takes several times as long, and a deadline set on a quiet machine failed tests of a healthy product.
 */
export function patience(): number {
  return Math.min(6, Math.max(1, loadavg()[0]! / Math.max(1, cpus().length)));
}

/** `ms` stretched by today's `patience()`: for deadlines given to Playwright rather than to `waitFor`. */
export function patient(ms: number): number {
  return Math.round(ms * patience());
}

/**
 * Waits for a condition with a deadline: the only way tests wait, never a fixed sleep. The deadline
 * stretches with the machine's load (`patience()`); on a quiet machine it is `timeoutMs`.
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 20): Promise<NonNullable<T>> {
  const allowed = patient(timeoutMs);
  const deadline = Date.now() + allowed;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${allowed} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
