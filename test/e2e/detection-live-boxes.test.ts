/**
 * The detector's boxes on a live tile (#39), in Chromium against a real relay running the real
 * NanoDet: a person walks in a camera's picture; its tile offers a toggle (a camera without detection
 * offers none), and once it is on, the tile draws a box labelled "person" where she is, which goes when
 * it is turned off and is remembered across a reload.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureClient } from '../../capture-client/capture-client.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { detectModelDir } from '../helpers/detect-model.js';
import { getDetection, setDetection } from '../helpers/detection-api.js';
import { PERSON_H, PERSON_TOP, PERSON_W, SCENE_H, SCENE_W, sceneBackground, scenePerson, withPerson } from '../helpers/detect-scene.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { patient, waitFor } from '../helpers/wait.js';
import { login } from '../security/helpers/session.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const FPS = 5;
const tile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;
/** Where she walks: her left edge between these, 20 px a second. */
const LEFT_MIN = 120;
const LEFT_MAX = 200;

interface BoxSeen {
  text: string;
  /** The box's centre in fractions of the canvas's box on screen. */
  cx: number;
  cy: number;
  /** Where the newest look the page drew puts its first box's centre, in the same fractions (the picture fills the canvas's box). */
  lookCx: number;
  lookCy: number;
  /** The boxes' layer lies exactly over the canvas. */
  overCanvas: boolean;
}

/** The first box on the door's tile and the look it was drawn from, read in one go. */
async function boxOnPicture(page: Page): Promise<BoxSeen | null> {
  return page.evaluate((sel) => {
    type Look = { cameraId: string; width: number; height: number; boxes: Array<{ box: [number, number, number, number] }> };
    const looks = (window as unknown as { __looks: Look[] }).__looks.filter((l) => l.cameraId === 'door');
    const canvas = document.querySelector<HTMLCanvasElement>(`${sel} canvas`)!.getBoundingClientRect();
    const layer = document.querySelector(`${sel} [data-testid="live-boxes"]`)!.getBoundingClientRect();
    const box = document.querySelector(`${sel} [data-testid="live-box"]`);
    const look = looks.at(-1);
    if (!box || !look?.boxes[0]) return null;
    const r = box.getBoundingClientRect();
    const [x, y, w, h] = look.boxes[0].box;
    const near = (a: number, b: number) => Math.abs(a - b) < 1;
    return {
      text: box.textContent ?? '',
      cx: (r.left + r.width / 2 - canvas.left) / canvas.width,
      cy: (r.top + r.height / 2 - canvas.top) / canvas.height,
      lookCx: (x + w / 2) / look.width,
      lookCy: (y + h / 2) / look.height,
      overCanvas: near(layer.left, canvas.left) && near(layer.top, canvas.top) && near(layer.width, canvas.width) && near(layer.height, canvas.height),
    };
  }, tile('door'));
}

/** Where a box should be: the look's, on the picture (the tile takes the picture's shape, so it fills the canvas). */
function expectPlaced(seen: BoxSeen): void {
  expect(seen.overCanvas).toBe(true);
  expect(Math.abs(seen.cx - seen.lookCx)).toBeLessThan(0.02);
  expect(Math.abs(seen.cy - seen.lookCy)).toBeLessThan(0.02);
}

describe.runIf(browserAvailable())('detector boxes on a live tile (Chromium, relay with NanoDet)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let client: CaptureClient;
  let yard: TestCamera;
  let timer: NodeJS.Timeout;
  let monitor: MonitorPage;

  beforeAll(async () => {
    await detectModelDir();
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } });
    const cookie = await login(server);
    expect(await setDetection(server, cookie, 'door', { enabled: true, rate: 2, labels: ['person'] })).toBe(200);
    const bg = await sceneBackground();
    const person = await scenePerson();
    // She walks right and back between LEFT_MIN and LEFT_MAX for as long as the test runs: motion lasts, the detector looks.
    const left = (ms: number) => LEFT_MIN + Math.abs(((Math.round(ms / 50) + 80) % 160) - 80);
    client = new CaptureClient({
      server: server.url,
      token: server.captureToken,
      cameraId: 'door',
      transport: 'auto',
      ackTimeoutMs: 2000,
      fps: FPS,
      onEvent: () => {},
    });
    const started = Date.now();
    let sending = false;
    timer = setInterval(() => {
      if (sending) return;
      sending = true;
      const ms = Date.now() - started;
      void (ms < 2000 ? Promise.resolve(bg) : withPerson(bg, person, left(ms)))
        .then((jpeg) => client.push({ jpeg, capturedAt: Date.now() }))
        .finally(() => (sending = false));
    }, 1000 / FPS);
    yard = await startCamera(server.url, server.captureToken, 'yard', { fps: 5, transport: 'socketio' });
    // The detector has seen her before the page opens: the page then shows what it asks for, not what it missed.
    await waitFor(async () => (await getDetection(server, cookie, 'door')).status.objects.person === 1, 'the person seen by the relay', 60_000, 250);
    monitor = await openMonitor(browser(), server.url);
    // Every look the page draws, as it drew it (live-boxes.ts's automation hook).
    await monitor.page.addInitScript(() => {
      const w = window as unknown as { __looks: unknown[]; __camrelayOnObjects: (look: unknown) => void };
      w.__looks = [];
      w.__camrelayOnObjects = (look) => w.__looks.push(look);
    });
    await monitor.page.reload();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, patient(120_000));

  afterAll(async () => {
    clearInterval(timer);
    client?.close();
    await yard?.stop();
    await monitor?.close();
    await stopTestServer(server);
  });

  it(
    'offers the toggle only on the tile of a camera that detects, and draws no box until it is on',
    async () => {
      const { page } = monitor;
      const toggle = page.locator(`${tile('door')} [data-testid="tile-boxes"]`);
      await toggle.waitFor({ state: 'visible', timeout: patient(10_000) });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      expect(await toggle.getAttribute('aria-label')).toBe('Show detected objects');
      await waitFor(async () => (await monitor.frameCount('yard')) > 2, 'the yard drawing', 20_000, 100);
      expect(await page.locator(`${tile('yard')} [data-testid="tile-boxes"]`).isVisible()).toBe(false);
      await waitFor(async () => (await monitor.frameCount('door')) > 5, 'the door drawing', 20_000, 100);
      expect(await page.locator('[data-testid="live-box"]').count()).toBe(0);
    },
    patient(60_000),
  );

  it(
    'once on, draws a box labelled person where she is on the picture; off, the box goes; the choice outlives a reload',
    async () => {
      const { page } = monitor;
      const toggle = page.locator(`${tile('door')} [data-testid="tile-boxes"]`);
      await toggle.click();
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await toggle.getAttribute('aria-label')).toBe('Hide detected objects');
      const box = await waitFor(async () => await boxOnPicture(page), 'a box on the door tile', 30_000, 100);
      expect(box.text).toMatch(/^person \d+%$/);
      expectPlaced(box);
      // Her centre lies in the 144 × 330 picture pasted at x LEFT_MIN-LEFT_MAX, y PERSON_TOP, in the 640 × 360 scene.
      expect(box.cx).toBeGreaterThan(LEFT_MIN / SCENE_W);
      expect(box.cx).toBeLessThan((LEFT_MAX + PERSON_W) / SCENE_W);
      expect(box.cy).toBeGreaterThan(PERSON_TOP / SCENE_H);
      expect(box.cy).toBeLessThan((PERSON_TOP + PERSON_H) / SCENE_H);
      expect(await page.locator(`${tile('yard')} [data-testid="live-box"]`).count()).toBe(0);
      if (SHOTS) {
        for (const [w, h] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          await page.setViewportSize({ width: w, height: h });
          expectPlaced(await waitFor(async () => await boxOnPicture(page), `a box at ${w} px`, 30_000, 100));
          await page.screenshot({ path: path.join(SHOTS, `live-boxes-${w}.png`) });
        }
      }
      await toggle.click();
      expect(await page.locator('[data-testid="live-box"]').count()).toBe(0);
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await toggle.click();
      await page.reload();
      const again = page.locator(`${tile('door')} [data-testid="tile-boxes"]`);
      await again.waitFor({ state: 'visible', timeout: patient(10_000) });
      expect(await again.getAttribute('aria-pressed')).toBe('true');
      await waitFor(async () => await boxOnPicture(page), 'a box after the reload', 30_000, 100);
    },
    patient(120_000),
  );
});
