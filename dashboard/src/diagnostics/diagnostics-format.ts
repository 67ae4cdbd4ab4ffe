/** The Diagnostics panel's figures as text: pure, so their edge cases are unit-tested. */
import type { ProbeState } from '../receivers/probe.js';
import { formatAge } from '../tiles/indicators.js';

export interface Figure {
  text: string;
  /** Tooltip: what the figure means and how far to trust it. */
  title: string;
}

/** `4 ms`, `<1 ms`, or `—` before the first answer. */
export function formatRtt(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return ms < 1 ? '<1 ms' : `${Math.round(ms)} ms`;
}

function signedMs(ms: number): string {
  const sign = ms > 0 ? '+' : '−';
  const abs = Math.abs(ms);
  return abs < 10_000 ? `${sign}${Math.round(abs)} ms` : `${sign}${(abs / 1000).toFixed(1)} s`;
}

/**
 * `+3 ms (browser behind server)`: the offset is server clock − browser clock, so a positive one
 * means this browser's clock reads earlier than the server's.
 */
export function formatClockOffset(offset: number | null, rtt: number | null): Figure {
  if (offset === null || !Number.isFinite(offset)) {
    return { text: '—', title: 'Not measured yet: it takes one answered time request on the live connection.' };
  }
  // Each estimate is only good to ± half the round trip it came from.
  const error = rtt === null ? '' : ` Accurate to about ±${Math.max(1, Math.round(rtt / 2))} ms (half the round trip).`;
  const sign = "Server clock minus this browser's clock: + means this browser is behind the server, − means it is ahead.";
  const rounded = Math.round(offset);
  if (rounded === 0) return { text: '0 ms (in sync)', title: sign + error };
  const side = rounded > 0 ? 'browser behind server' : 'browser ahead of server';
  return { text: `${signedMs(rounded)} (${side})`, title: sign + error };
}

/** `0.4 s`, `12 s`, `5 min`: how long ago a camera's last frame was; `—` when there was none. */
export function formatFrameAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const value = Math.max(0, ms);
  return value < 10_000 ? `${(value / 1000).toFixed(1)} s` : formatAge(value);
}

/** `ok 12 ms`, `failed: xhr poll error`, `testing…`, `not tested`: a probe row's text. */
export function formatProbe(state: ProbeState): string {
  switch (state.phase) {
    case 'idle':
      return 'not tested';
    case 'testing':
      return 'testing…';
    case 'ok':
      return `ok ${Math.max(0, Math.round(state.rttMs))} ms`;
    case 'failed':
      return `failed: ${state.reason}`;
  }
}

/** The row's tooltip: what the figure measures. */
export function probeTitle(state: ProbeState): string {
  if (state.phase !== 'ok') return '';
  return `Connected in ${Math.round(state.connectMs)} ms; one time request then took ${Math.round(state.rttMs)} ms there and back.`;
}
