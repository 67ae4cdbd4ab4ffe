/** The browser rows' figures and targets (#6 glass-to-glass, #17 renditions on a desktop grid, a phone and resilience row 5). */
import type { BrowserResult } from './browser.js';

const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));

export interface Check {
  target: string;
  measured: string;
  pass: boolean | null;
}

export function browserFigures(browser: BrowserResult[]): string[] {
  const out = [
    '| browser row | tile fps (slowest / fastest) | p50 ms | p95 ms | KB/s to the page | of full frames | longest frozen tile ms | narrowest tile’s frame px | frames in/s at the relay | main thread ms/frame |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const b of browser) {
    out.push(
      `| ${b.name} | ${f(b.tileFpsMin)} / ${f(b.tileFpsMax)} | ${b.latency.p50} | ${b.latency.p95} | ${f(b.bytesPerSecond / 1000, 0)} | 1/${f(b.fullBytesPerSecond / Math.max(1, b.bytesPerSecond))} | ${b.maxFrozenMs} | ${b.drawnWidthMin} | ${f(b.framesInPerSecond)} | ${b.mainThreadMsPerFrame} |`,
    );
  }
  return out;
}

export function browserChecks(browser: BrowserResult[]): Check[] {
  const c: Check[] = [];
  for (const b1 of browser.filter((b) => b.cameras === 1 && !b.shape)) {
    c.push({
      target: `browser 720p 30 fps${b1.view === 'single' ? ' in the single view' : ''}: glass-to-glass p50 ≤ 50 ms, p95 ≤ 100 ms`,
      measured: `p50 ${b1.latency.p50}, p95 ${b1.latency.p95}, p99 ${b1.latency.p99} ms; ${f(b1.tileFpsMax)} fps drawn, ${b1.lost} lost; main thread ${b1.mainThreadMsPerFrame} ms/frame`,
      pass: b1.latency.p50 <= 50 && b1.latency.p95 <= 100,
    });
  }
  const grid = browser.find((b) => b.cameras === 16);
  if (grid) {
    c.push({
      target: 'browser 16 × 10 fps grid at 1280×800: bytes per viewer ≤ 1/6 of full frames',
      measured: `${f(grid.bytesPerSecond / 1e6, 2)} MB/s of ${f(grid.fullBytesPerSecond / 1e6, 1)} MB/s (1/${f(grid.fullBytesPerSecond / grid.bytesPerSecond)}); tiles drawn ${grid.drawnWidthMin} px wide or more`,
      pass: grid.bytesPerSecond * 6 <= grid.fullBytesPerSecond,
    });
    c.push({
      target: 'browser 16 × 10 fps grid: every tile in view ≥ 0.9× camera fps',
      measured: `slowest tile ${f(grid.tileFpsMin)} fps, fastest ${f(grid.tileFpsMax)} (${grid.tilesInView} of ${grid.cameras} tiles in view); ${grid.lost} lost of ${grid.drawn + grid.lost}; the relay received ${f(grid.framesInPerSecond)} of ${grid.cameras * grid.fps} fps`,
      pass: grid.tileFpsMin >= 0.9 * grid.fps,
    });
    c.push({
      target: 'browser 16 × 10 fps grid: relay CPU ≤ 30% of a core',
      measured: `${f(grid.relayCpuPercent)}% of a core`,
      pass: grid.relayCpuPercent <= 30,
    });
    c.push({
      target: 'browser 16 × 10 fps grid: glass-to-glass p50 ≤ 60 ms, p95 ≤ 150 ms',
      measured: `p50 ${grid.latency.p50}, p95 ${grid.latency.p95} ms; main thread ${grid.mainThreadMsPerFrame} ms/frame`,
      pass: grid.latency.p50 <= 60 && grid.latency.p95 <= 150,
    });
  }
  const phone = browser.find((b) => b.name.startsWith('phone'));
  if (phone) {
    c.push({
      target: 'phone 390×844, 4 × 15 fps over 2 Mbit/s and 300 ms: every tile ≥ 8 fps, frame age p50 ≤ 600 ms, no tile frozen > 2 s',
      measured: `slowest tile ${f(phone.tileFpsMin)} fps at ${phone.drawnWidthMin} px; age p50 ${phone.latency.p50}, p95 ${phone.latency.p95} ms; longest frozen ${phone.maxFrozenMs} ms; ${f(phone.bytesPerSecond / 1000, 0)} KB/s of the link's 250`,
      pass: phone.tileFpsMin >= 8 && phone.latency.p50 <= 600 && phone.maxFrozenMs <= 2000,
    });
  }
  const row5 = browser.find((b) => b.name.startsWith('resilience row 5'));
  if (row5?.shape) {
    // What the viewer's link can carry at the rung chosen: its byte rate over the bytes of a frame
    // drawn, and never more than the frames that reached the relay through the camera's own leg.
    const bytesPerFrame = row5.bytesPerSecond / Math.max(row5.tileFpsMax, 0.1);
    const carry = Math.min(row5.framesInPerSecond, row5.shape.bytesPerSecond / bytesPerFrame);
    c.push({
      target: 'resilience row 5 (+300 ms each way, half the bitrate): ≥ 0.8× the fps the link carries at the chosen rung',
      measured: `${f(row5.tileFpsMax)} fps drawn at ${row5.drawnWidthMin} px of ${f(carry)} the link carries (${f(row5.framesInPerSecond)} fps reached the relay over the camera's leg of ${row5.fps}); age p50 ${row5.latency.p50} ms`,
      pass: row5.tileFpsMax >= 0.8 * carry,
    });
  }
  return c;
}
