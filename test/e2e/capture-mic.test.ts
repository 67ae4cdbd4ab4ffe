/**
 * A browser camera's microphone (#40), with real parts: the capture page in Chromium with its fake camera and fake
 * microphone (a beep) sends to a real relay, and a Live Monitor in another page hears it. While the camera's sound is
 * off the page never asks for the microphone and the relay takes no sound; on, the page asks the browser's permission at
 * once and gives the microphone back, opens it only once someone listens, sends Opus (Chromium's only AudioEncoder), the
 * tile plays it, and it gives the microphone back when nobody does.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AacFrameMeta } from '../../shared/demand.js';
import { browserAvailable } from '../helpers/browser.js';
import { CHROMIUM_FLAGS, chromiumPath } from '../helpers/chromium.js';
import { openCapturePage, useCameraBrowser, type CapturePage } from '../helpers/camera-page.js';
import { hearing, heard, meterLevel, soundState, speaker } from '../helpers/live-sound-page.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { setSound } from '../helpers/sound.js';
import { waitFor } from '../helpers/wait.js';

const SHOTS = process.env.CAMRELAY_SHOTS;

/** Every getUserMedia the page makes, as its constraints, and the tracks it got: what it asked the browser for. */
async function watchMedia(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __asked: string[]; __tracks: MediaStreamTrack[] };
    w.__asked = [];
    w.__tracks = [];
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (c) => {
      w.__asked.push(JSON.stringify(c ?? {}));
      const stream = await original(c);
      w.__tracks.push(...stream.getTracks());
      return stream;
    };
  });
}

const asked = (c: CapturePage) => c.page.evaluate(() => (window as unknown as { __asked: string[] }).__asked);
/** The page's microphone tracks still live: what makes the browser show it as in use. */
const liveMics = (c: CapturePage) =>
  c.page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.filter((t) => t.kind === 'audio' && t.readyState === 'live').length);
const micLine = async (c: CapturePage) => ({
  state: await c.page.getAttribute('[data-testid="capture-mic"]', 'data-mic'),
  text: (await c.page.textContent('[data-testid="capture-mic"]')) ?? '',
});

describe.runIf(browserAvailable())("a browser camera's microphone, in Chromium with its fake camera and microphone", () => {
  const browser = useCameraBrowser();
  let server: TestServer;
  const sound: Record<string, AacFrameMeta[]> = {};
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    // Whatever sound the relay takes from a capture side, by camera.
    server.relay.cameraSide.intake.onAac((id, meta) => (sound[id] ??= []).push(meta));
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await stopTestServer(server);
  });

  const openCamera = async (cameraId: string, viewport = { width: 1280, height: 800 }) => {
    const context = await browser().newContext({ viewport });
    contexts.push(context);
    await watchMedia(context);
    const { secret } = server.store.createToken(cameraId, 'phone');
    return openCapturePage(browser(), `${server.url}/capture#camera=${cameraId}&token=${secret}`, { size: '854x480', fps: 10, context });
  };

  it("never asks for the microphone while the camera's sound is off, and the relay takes no sound", async () => {
    const capture = await openCamera('porch-off');
    const monitor = await openMonitor(browser(), server.url);
    try {
      await waitFor(async () => (await monitor.frameCount('porch-off')) > 30, '30 pictures of the camera drawn', 60_000, 100);
      expect(await monitor.page.isVisible(speaker('porch-off'))).toBe(false);
      // The page could send sound (it offers it) but was never asked: its only request was the camera.
      expect(await micLine(capture)).toMatchObject({ state: 'off', text: expect.stringContaining('its sound is on in Admin') });
      expect((await asked(capture)).map((c) => JSON.parse(c) as { audio?: unknown })).toEqual([expect.objectContaining({ audio: false })]);
      expect(await liveMics(capture)).toBe(0);
      expect(sound['porch-off']).toBeUndefined();
    } finally {
      await monitor.close();
    }
  });

  it('asks for the microphone at Start once the sound is on, sends Opus only while someone listens, and the tile plays the beep', async () => {
    const capture = await openCamera('porch');
    await setSound(server, 'porch');
    const monitor = await openMonitor(browser(), server.url);
    try {
      await hearing(monitor);
      await monitor.page.waitForSelector(speaker('porch'), { state: 'visible', timeout: 60_000 });
      await waitFor(async () => (await monitor.frameCount('porch')) > 10, 'pictures of the camera drawn', 60_000, 100);
      // Sound on, nobody listening: the permission is asked at once (the person who pressed Start is there), the microphone given back.
      await waitFor(async () => (await micLine(capture)).state === 'ready', "the page asking for the microphone's permission", 60_000, 100);
      expect((await micLine(capture)).text).toBe("Microphone: allowed, and closed. This camera's sound is on: it opens when someone listens or it records.");
      expect((await asked(capture)).map((c) => (JSON.parse(c) as { audio?: unknown }).audio)).toEqual([false, { channelCount: 1 }]);
      expect(await liveMics(capture)).toBe(0);
      expect(sound.porch).toBeUndefined();
      if (SHOTS) {
        await capture.page.locator('[data-testid="capture-mic"]').scrollIntoViewIfNeeded();
        await capture.page.screenshot({ path: path.join(SHOTS, 'capture-mic-ready-1280.png') });
      }

      await monitor.page.click(speaker('porch'));
      await waitFor(async () => (await micLine(capture)).state === 'sending', 'the capture page sending its microphone', 60_000, 100);
      expect((await micLine(capture)).text).toContain('Opus, 48 kHz');
      await waitFor(async () => (await soundState(monitor, 'porch')) === 'playing', 'the tile playing', 60_000, 100);
      await waitFor(async () => (await meterLevel(monitor, 'porch')) > 0.05, "the meter moving with the fake microphone's beep", 30_000, 20);
      expect((await heard(monitor)).every((p) => p.cameraId === 'porch' && p.kind === 'webcodecs')).toBe(true);
      expect(sound.porch!.length).toBeGreaterThan(10);
      expect(sound.porch!.every((m) => m.codec === 'opus' && m.sampleRate === 48000 && m.channels === 1)).toBe(true);
      expect(await liveMics(capture)).toBe(1);
      if (SHOTS) {
        for (const [width, height] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          await capture.page.setViewportSize({ width, height });
          // On a phone the microphone's line is below the picture and the settings: shown as a person scrolls to it.
          await capture.page.locator('[data-testid="capture-mic"]').scrollIntoViewIfNeeded();
          await capture.page.screenshot({ path: path.join(SHOTS, `capture-mic-${width}.png`) });
          await monitor.page.setViewportSize({ width, height });
          await waitFor(async () => (await meterLevel(monitor, 'porch')) > 0.05, 'the meter up with a beep', 30_000, 20);
          await monitor.page.screenshot({ path: path.join(SHOTS, `capture-mic-tile-${width}.png`) });
        }
      }

      // Nobody listens any more: the relay stops asking, and the page closes the microphone.
      await monitor.page.click(speaker('porch'));
      await waitFor(async () => (await micLine(capture)).state === 'ready', 'the microphone closed again', 60_000, 100);
      expect(await liveMics(capture)).toBe(0);
      const taken = sound.porch!.length;

      // The sound turned off in Admin: the page hears it at once and asks for nothing more; the relay takes no more.
      await setSound(server, 'porch', false);
      await waitFor(async () => (await micLine(capture)).state === 'off', 'the microphone line off', 60_000, 100);
      expect((await asked(capture)).length).toBe(3);
      expect(sound.porch!.length).toBe(taken);
    } finally {
      await monitor.close();
    }
  });

  it("says on a plain-http LAN page (no WebCodecs) that it cannot play the camera's Opus", async () => {
    const capture = await openCamera('porch-lan');
    await setSound(server, 'porch-lan');
    // The relay as a LAN page reaches it: this machine's name, plain http, so no secure context and no AudioDecoder.
    const lanName = hostname().toLowerCase();
    const lan = await chromium.launch({
      executablePath: chromiumPath()!,
      args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${lanName} 127.0.0.1`],
      headless: true,
    });
    try {
      const page = await lan.newPage();
      await page.goto(`http://${lanName}:${server.port}`);
      expect(await page.evaluate(() => [isSecureContext, typeof AudioDecoder])).toEqual([false, 'undefined']);
      const signIn = (user: typeof TEST_ADMIN) =>
        fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) }).then((r) => r.ok);
      expect(await page.evaluate(signIn, TEST_ADMIN)).toBe(true);
      await page.reload();
      const monitor = { page } as MonitorPage;
      await page.waitForSelector(speaker('porch-lan'), { state: 'visible', timeout: 60_000 });
      await page.click(speaker('porch-lan'));
      await waitFor(async () => (await soundState(monitor, 'porch-lan')) === 'failed', 'the tile saying its sound failed', 60_000, 100);
      expect(await page.textContent(`[data-testid="camera-tile"][data-camera-id="porch-lan"] [data-testid="sound-note"]`)).toBe(
        "Sound failed: This camera's sound is Opus, which this page plays only over https or on localhost (WebCodecs).",
      );
      // A sound the page cannot play is asked for no more: the phone's microphone closes, and the speaker offers a retry.
      await waitFor(async () => (await micLine(capture)).state === 'ready', 'the microphone closed once the page gave up', 60_000, 100);
      expect(await liveMics(capture)).toBe(0);
      expect(await page.getAttribute(speaker('porch-lan'), 'aria-label')).toBe('Sound failed: click to try again');
      if (SHOTS)
        for (const [width, height] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          await page.setViewportSize({ width, height });
          await page.screenshot({ path: path.join(SHOTS, `capture-mic-failed-${width}.png`) });
        }
    } finally {
      await lan.close();
    }
  });
});
