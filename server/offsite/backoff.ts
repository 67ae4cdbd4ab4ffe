/** When a failed copy is tried again: soon at first (a blip), then every 30 min, for a day. */

const STEPS_MS = [10_000, 30_000, 120_000, 600_000];
export const EVERY_MS = 30 * 60_000;
/** After this long failing, an event is given up (its status says so). */
export const GIVE_UP_MS = 24 * 3_600_000;

/** The wait after the `failures`-th failure in a row (1 for the first). */
export function retryDelay(failures: number): number {
  return STEPS_MS[failures - 1] ?? EVERY_MS;
}

/** The start of the UTC day after `ms`: when the daily cap starts afresh. */
export function nextUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
