/** The Live Monitor in a real Chromium page, read through its data-testid hooks and draw hook. */
import type { Browser, Page } from 'playwright-core';
import { hideFirstRun } from './first-run.js';
import { TEST_ADMIN } from './server.js';

export interface Draw {
  cameraId: string;
  seq: number;
  epoch: number;
  /** `h264` for a picture of the camera's H.264 stream (its units are numbered apart from its JPEGs), else `jpeg`. */
  codec: 'h264' | 'jpeg';
  capturedAt: number;
  latencyMs: number;
  at: number;
}

export interface MonitorPage {
  page: Page;
  connectionStatus(): Promise<string | null>;
  transport(): Promise<string | null>;
  cameraStatus(cameraId: string): Promise<string | null>;
  ingest(cameraId: string): Promise<string | null>;
  frameCount(cameraId: string): Promise<number>;
  /** Every frame drawn since the page opened (or since `clearDraws`), in draw order. */
  draws(): Promise<Draw[]>;
  clearDraws(): Promise<void>;
  close(): Promise<void>;
}

const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;

/** Opens the Live Monitor signed in (as the test admin unless told otherwise, who has hidden the first-run checklist). */
export async function openMonitor(browser: Browser, url: string, user = TEST_ADMIN): Promise<MonitorPage> {
  const page = await browser.newPage();
  // Sign in as the login form would: a same-origin POST; the session cookie lands in the page's context.
  const login = await page.request.post(`${url}/api/login`, { data: user, headers: { origin: url } });
  if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
  await hideFirstRun(page);
  await page.addInitScript(() => {
    type Meta = { cameraId: string; seq: number; epoch: number; capturedAt: number; codec?: string };
    const w = window as unknown as { __draws: Draw[]; __camrelayOnDraw: (m: Meta, l: number) => void };
    w.__draws = [];
    w.__camrelayOnDraw = (m, latencyMs) =>
      w.__draws.push({
        cameraId: m.cameraId,
        seq: m.seq,
        epoch: m.epoch,
        codec: m.codec ? 'h264' : 'jpeg',
        capturedAt: m.capturedAt,
        latencyMs,
        at: Date.now(),
      });
  });
  await page.goto(url);
  const text = (selector: string) => page.textContent(selector, { timeout: 2000 }).catch(() => null);
  return {
    page,
    connectionStatus: () => text('[data-testid="connection-status"]'),
    transport: () => text('[data-testid="connection-transport"]'),
    cameraStatus: (id) => text(`${tile(id)} [data-testid="camera-status"]`),
    ingest: (id) => text(`${tile(id)} [data-testid="ingest"]`),
    frameCount: async (id) => Number((await text(`${tile(id)} [data-testid="frame-count"]`)) ?? 0),
    draws: () => page.evaluate(() => (window as unknown as { __draws: Draw[] }).__draws),
    clearDraws: () => page.evaluate(() => void ((window as unknown as { __draws: Draw[] }).__draws.length = 0)),
    close: () => page.close(),
  };
}

/**
 * True when, per camera, no draw is of an older capture session than the one before it, and within a session each
 * draw is newer than the one before it of the same stream: JPEG frames and H.264 units are numbered apart, so a tile
 * that switches codec (the capture program offers H.264 once its encoder is picked, about a second in) starts a new count.
 */
export function drawsInOrder(draws: Draw[]): boolean {
  const last = new Map<string, Draw>();
  for (const d of draws) {
    const prev = last.get(d.cameraId);
    if (prev && (d.epoch < prev.epoch || (d.epoch === prev.epoch && d.codec === prev.codec && d.seq <= prev.seq))) return false;
    last.set(d.cameraId, d);
  }
  return true;
}
