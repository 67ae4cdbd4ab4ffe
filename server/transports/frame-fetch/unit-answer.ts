/** How a frame-fetch GET is answered with one live H.264 access unit (#30; see frame-fetch.ts). */
import type { ServerResponse } from 'node:http';
import type { H264Unit } from '../../tracks/h264-lane.js';
import type { MonitorH264Meta } from '../../../shared/protocol.js';

/** Every frame-fetch answer's headers: never cached, never sniffed, never embedded by another site. */
export const FETCH_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin' } as const;

/** The `X-Frame-Meta` value, made once per unit for every viewer (the lanes share one meta object). */
const metaHeaders = new WeakMap<MonitorH264Meta, string>();
function metaHeader(meta: MonitorH264Meta): string {
  let h = metaHeaders.get(meta);
  if (h === undefined) metaHeaders.set(meta, (h = JSON.stringify(meta)));
  return h;
}

/** Writes one unit as a GET's answer, numbered `order` for the page's reordering; `done` once written or the request is gone. */
export function sendUnit(res: ServerResponse, unit: H264Unit, order: number, done: () => void): void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    done();
  };
  res.once('finish', release);
  res.once('close', release);
  res.writeHead(200, {
    ...FETCH_HEADERS,
    'Content-Type': 'video/h264',
    'Content-Length': unit.au.length,
    'X-Frame-Kind': 'h264',
    'X-Frame-Meta': metaHeader(unit.meta),
    'X-Unit-Order': String(order),
  });
  res.end(unit.au);
}
