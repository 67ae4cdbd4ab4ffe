/**
 * Moments for recordings and events put into a real relay: its retention (7 days by default) sweeps
 * on its own clock, so a fixed date falls out of it as the calendar moves on (CI 30e), a recent one never.
 */

/** The UTC day of a moment as the recording routes and folders name it (`YYYY-MM-DD`): the relay's own. */
export { dayOf } from '../../server/recording/segment-files.js';

/** `days` days before today (UTC) at `hour`:00 UTC, in ms: in the past whenever it runs, for `days` ≥ 1. */
export function daysAgo(days: number, hour = 10): number {
  const today = new Date();
  return Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days, hour);
}
