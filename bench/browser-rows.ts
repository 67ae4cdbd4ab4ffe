/** The browser rows of `npm run bench`: what a person watching sees, on a desktop, on a phone over a thin link, and on resilience row 5. */
import type { BrowserSpec } from './browser.js';

/** The grid rows' names: today's relay rungs, and the camera side's (#28; camera-side-rows.ts compares them). */
export const GRID_RELAY = '16 cameras × 10 fps grid';
export const GRID_CAMERA_SIDE = '16 cameras × 10 fps grid, camera-side rungs';

/** The bench fixtures average about 142 KB (720p): a 15 fps stream is about 2.1 MB/s. */
const FIXTURE_STREAM_15FPS = 142_000 * 15;

export function browserRows(quick: boolean): BrowserSpec[] {
  const rows: BrowserSpec[] = [
    // --quick: 2 s for the tile to appear and the clocks to sync (enough for one camera on loopback).
    { name: '1 camera 720p 30 fps', cameras: 1, fps: 30, measureMs: quick ? 3000 : 5000, settleMs: quick ? 2000 : 3000 },
    { name: '1 camera 720p 30 fps in the single view', cameras: 1, fps: 30, measureMs: quick ? 3000 : 5000, view: 'single', settleMs: quick ? 2000 : 3000 },
  ];
  if (quick) return rows;
  rows.push(
    // #17: sixteen tiles in a desktop window, each sent the rendition its size needs.
    { name: GRID_RELAY, cameras: 16, fps: 10, measureMs: 5000 },
    // #28: the same grid, the cameras honouring the relay's demand: tiles get the camera side's rungs untouched.
    { name: GRID_CAMERA_SIDE, cameras: 16, fps: 10, measureMs: 5000, cameraSide: true },
    // #17: a phone (devicePixelRatio 2) behind 2 Mbit/s and 300 ms of round trip; the rungs step
    // down (each after a 2 s measurement, at most one per 4 s), so the window starts after 18 s.
    {
      name: 'phone 390×844, 4 cameras × 15 fps, 2 Mbit/s and 300 ms round trip',
      cameras: 4,
      fps: 15,
      measureMs: 6000,
      viewport: { width: 390, height: 844, dpr: 2 },
      shape: { latencyMs: 150, bytesPerSecond: 250_000 },
      settleMs: 18_000,
    },
    // Resilience row 5 (docs/resilience.md): +300 ms each way and half the stream's bitrate, on the
    // camera's leg and the viewer's.
    {
      name: 'resilience row 5: +300 ms each way, half the bitrate, both legs',
      cameras: 1,
      fps: 15,
      measureMs: 5000,
      shape: { latencyMs: 300, bytesPerSecond: FIXTURE_STREAM_15FPS / 2, both: true },
      settleMs: 6000,
    },
  );
  return rows;
}
