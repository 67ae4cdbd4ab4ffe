/** The tiles' and the header's figures (status, latency, fps, resolution, ages) as text: pure, so their edge cases are unit-tested. */
import type { CameraInfo, CameraStatus } from '../../../shared/protocol.js';
import { renditionFor } from '../../../shared/subscription.js';

/** How long a live camera may go without a drawn frame in this browser before its tile says stalled. */
export const STALL_AFTER_MS = 2000;

/** The relay's word on a camera, whatever this browser draws: what the header counts (issue #25). */
export function relayStatus(info: Pick<CameraInfo, 'online' | 'status'>): CameraStatus {
  return !info.online || info.status === 'offline' ? 'offline' : info.status;
}

/**
 * The status a tile shows: the server's word for offline and stalled, and stalled too when this
 * browser has drawn nothing for a while although the server says live (the problem is on our leg).
 * `lastDrawAt` null: the tile is off screen and draws nothing by design, so its silence says nothing.
 */
export function tileStatus(info: Pick<CameraInfo, 'online' | 'status'>, lastDrawAt: number | null, now: number): CameraStatus {
  const status = relayStatus(info);
  if (status !== 'live' || lastDrawAt === null) return status;
  return now - lastDrawAt > STALL_AFTER_MS ? 'stalled' : 'live';
}

export interface Latency {
  text: string;
  /** Tooltip explaining why the number is approximate, or '' when it is not. */
  title: string;
}

const CAPTURE_SKEW = "Approximate: the capture PC's clock is not synced with the server, so this number includes any skew between the two clocks.";
const BROWSER_SKEW =
  "Approximate: this browser has not measured its offset to the server's clock yet, so this number includes any skew between the two clocks.";

/** Capture-to-screen latency in ms, with a `~` when either clock involved is not synced to the server. */
export function formatLatency(ms: number | null, captureSynced: boolean, browserSynced: boolean): Latency {
  if (ms === null || !Number.isFinite(ms)) return { text: '—', title: '' };
  // Below zero is clock-sync error (each offset is known to ± half a round trip), not time travel.
  if (ms < 0) return { text: '<1 ms', title: 'Shorter than the clock-sync error between capture PC, server and this browser.' };
  const value = `${Math.round(ms)} ms`;
  if (!captureSynced) return { text: `~${value}`, title: CAPTURE_SKEW };
  if (!browserSynced) return { text: `~${value}`, title: BROWSER_SKEW };
  return { text: value, title: '' };
}

export function formatFps(fps: number): string {
  return fps.toFixed(1);
}

export function formatResolution(width: number | null | undefined, height: number | null | undefined): string {
  return width && height ? `${width}×${height}` : '—';
}

/**
 * `640×360 · auto` when the relay sends a smaller rendition than this tile asked for (`shownWidth`:
 * the canvas width in device pixels; the single view asks native): it stepped the rung down because
 * the link could not carry it. Otherwise the plain size.
 */
export function formatFrameSize(width: number | null, height: number | null, shownWidth: number, nativeWidth: number | null, pinned = false): string {
  if (!width || !height) return '—';
  // A size the person pinned is what they asked for, never a step down.
  if (pinned) return formatResolution(width, height);
  const asked = renditionFor(shownWidth, nativeWidth ?? Infinity) ?? nativeWidth ?? width;
  return width < asked ? `${formatResolution(width, height)} · auto` : formatResolution(width, height);
}

/** `3 cameras · 2 live`: the header's summary of the list. */
export function formatCameraCount(total: number, live: number): string {
  const noun = total === 1 ? 'camera' : 'cameras';
  return total === 0 ? `0 ${noun}` : `${total} ${noun} · ${live} live`;
}

/** `12 s`, `5 min`, `3 h`: how long ago, for the overlay of a tile without fresh frames. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}
