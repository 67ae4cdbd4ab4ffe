/**
 * The transports the server runs, one line each, attached in this order (a module's `needs` must
 * come before it; checked at start). The core never imports them.
 */
import { frameFetch } from './frame-fetch/index.js';
import { http } from './http/index.js';
import { mjpeg } from './mjpeg/index.js';
import { socketio } from './socketio/index.js';
import type { TableLine } from './transport.js';
import { webrtc } from './webrtc/index.js';

export const transports: readonly TableLine[] = [frameFetch, socketio, http, mjpeg, webrtc];

/** Settings sections of the transports that have one, merged into the server's config (config.ts). */
export const transportSettings = [socketio.settings, webrtc.settings] as const;

/** Null, or why this table cannot run: a module whose `needs` are missing or come after it. */
export function tableProblem(table: readonly TableLine[]): string | null {
  const seen = new Set<string>();
  for (const m of table) {
    if (seen.has(m.name)) return `The transport "${m.name}" is in the table twice.`;
    for (const need of m.needs ?? []) if (!seen.has(need)) return `The transport "${m.name}" needs "${need}" before it in the table.`;
    seen.add(m.name);
  }
  return null;
}
