/**
 * Live sound in Chromium (#40), with real parts: the GStreamer RTSP camera's main stream with AAC (a 440 Hz tone)
 * taken by the relay itself as an IP camera, its sound turned on by an admin; the page offers a speaker only then,
 * plays nothing until the person clicks it, then plays the tone (the meter moves) and stops on the second click.
 * Over WebCodecs on localhost, and on a plain-http LAN page (no WebCodecs) behind a proxy that refuses WebSocket
 * upgrades: decodeAudioData over long-polling.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSettings, openSettings } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { CHROMIUM_FLAGS, chromiumPath } from '../helpers/chromium.js';
import { HttpProxy } from '../helpers/http-proxy.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { rtspCameraAvMounts, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { setSound } from '../helpers/sound.js';
import { hearing, heard, meterLevel, soundState, soundTile, speaker } from '../helpers/live-sound-page.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';

const SHOTS = process.env.CAMRELAY_SHOTS;
const tile = soundTile;

describe.runIf(browserAvailable() && rtspCameraAvMounts())('live sound in Chromium (GStreamer camera with AAC)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let camera: RtspCamera;
  let lanBrowser: Browser | undefined;
  let proxy: HttpProxy | undefined;

  beforeAll(async () => {
    camera = await startRtspCamera({ fps: 10, gop: 10 });
    server = await startTestServer();
    const cookie = await login(server);
    const put = await fetch(`${server.url}/api/admin/ip-cameras/yard`, {
      method: 'PUT',
      headers: { ...sameOrigin(server), cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'rtsp', name: 'Yard', url: camera.url('sub'), recordUrl: camera.url('main-aac'), fps: 10 }),
    });
    expect(put.status).toBe(200);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await lanBrowser?.close();
    await proxy?.close();
    await stopTestServer(server);
    camera?.stop();
  });

  it("offers no speaker while the camera's sound is off, and one, muted, once an admin ticks Sound in Settings, Cameras", async () => {
    const monitor = await openMonitor(browser(), server.url);
    await waitFor(async () => (await monitor.cameraStatus('yard'))?.toLowerCase().includes('live'), 'the yard live', 60_000, 200);
    expect(await monitor.page.isVisible(speaker('yard'))).toBe(false);
    await openSettings(monitor.page, 'cameras');
    const box = `[data-testid="camera-admin-list"] tr[data-camera-id="yard"] [data-testid="camera-admin-sound"]`;
    expect(await monitor.page.isChecked(box)).toBe(false);
    await monitor.page.check(box);
    // Saved and read back: the list again says it is on.
    await waitFor(async () => (await monitor.page.isEnabled(box)) && (await monitor.page.isChecked(box)), 'the sound saved on', 10_000, 50);
    const listed = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as Array<{ id: string; sound?: boolean }>;
    expect(listed.find((c) => c.id === 'yard')?.sound).toBe(true);
    if (SHOTS) {
      for (const [width, height] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await monitor.page.setViewportSize({ width, height });
        await monitor.page.locator(box).scrollIntoViewIfNeeded();
        await monitor.page.screenshot({ path: path.join(SHOTS, `settings-camera-sound-${width}.png`) });
      }
      await monitor.page.setViewportSize({ width: 1280, height: 800 });
    }
    await closeSettings(monitor.page);
    await monitor.page.waitForSelector(speaker('yard'), { state: 'visible', timeout: 15_000 });
    expect(await monitor.page.getAttribute(speaker('yard'), 'aria-pressed')).toBe('false');
    expect(await soundState(monitor, 'yard')).toBe('off');
    await monitor.close();
  });

  it("plays the camera's tone after a click on its speaker (WebCodecs on localhost), the meter moving, and stops on the next", async () => {
    await setSound(server, 'yard');
    const monitor = await openMonitor(browser(), server.url);
    await hearing(monitor);
    await monitor.page.waitForSelector(speaker('yard'), { state: 'visible', timeout: 30_000 });
    // Nothing plays before the click.
    expect(await heard(monitor)).toEqual([]);
    await monitor.page.click(speaker('yard'));
    await waitFor(async () => (await soundState(monitor, 'yard')) === 'playing', 'the yard playing', 30_000, 100);
    await waitFor(async () => (await meterLevel(monitor, 'yard')) > 0.05, 'the meter moving with the tone', 10_000, 50);
    const pieces = await heard(monitor);
    expect(pieces.every((p) => p.cameraId === 'yard' && p.kind === 'webcodecs')).toBe(true);
    expect(await monitor.page.textContent(`${tile('yard')} [data-testid="sound-note"]`)).toBe('Sound on');
    if (SHOTS) {
      await waitFor(async () => (await monitor.frameCount('yard')) >= 5, 'pictures drawn beside the sound', 30_000, 100);
      await monitor.page.setViewportSize({ width: 1280, height: 800 });
      await monitor.page.screenshot({ path: path.join(SHOTS, 'live-sound-1280.png') });
      await monitor.page.setViewportSize({ width: 390, height: 844 });
      await monitor.page.screenshot({ path: path.join(SHOTS, 'live-sound-390.png') });
    }
    await monitor.page.click(speaker('yard'));
    expect(await soundState(monitor, 'yard')).toBe('off');
    expect(await monitor.page.getAttribute(speaker('yard'), 'aria-pressed')).toBe('false');
    const after = (await heard(monitor)).length;
    // Muted, the page plays nothing more while the picture goes on (20 frames, 2 s of this camera).
    const frames = await monitor.frameCount('yard');
    await waitFor(async () => (await monitor.frameCount('yard')) >= frames + 20, '20 more frames drawn', 30_000, 100);
    expect((await heard(monitor)).length).toBe(after);
    await monitor.close();
  });

  it('moves the meter with the sound decoded in a browser with no sound device, whose AudioContext never runs (#55 item 19)', async () => {
    await setSound(server, 'yard');
    const monitor = await openMonitor(browser(), server.url);
    // A machine with no output device: the page's AudioContext stays suspended, so nothing it schedules is ever played.
    await monitor.page.addInitScript(() => {
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        constructor(options?: AudioContextOptions) {
          super(options);
          void super.suspend();
        }
        override resume(): Promise<void> {
          return Promise.resolve();
        }
      };
    });
    await monitor.page.reload();
    await hearing(monitor);
    await monitor.page.waitForSelector(speaker('yard'), { state: 'visible', timeout: 30_000 });
    await monitor.page.click(speaker('yard'));
    await waitFor(async () => (await heard(monitor)).length >= 10, 'the tone decoded', 30_000, 100);
    expect(await monitor.page.evaluate(() => new AudioContext().state)).toBe('suspended');
    await waitFor(async () => (await meterLevel(monitor, 'yard')) > 0.05, 'the meter moving with the tone decoded', 10_000, 50);
    await monitor.close();
  });

  it('plays it on a plain-http LAN page behind a proxy that refuses WebSocket: decodeAudioData over long-polling', async () => {
    await setSound(server, 'yard');
    proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
    proxy.faults = { refuseUpgrade: true };
    // The relay as a LAN page reaches it (this machine's name, plain http: no secure context, no WebCodecs).
    const lanName = hostname().toLowerCase();
    lanBrowser = await chromium.launch({
      executablePath: chromiumPath()!,
      args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${lanName} 127.0.0.1`],
      headless: true,
    });
    const url = `http://${lanName}:${new URL(proxy.url).port}`;
    const page = await lanBrowser.newPage();
    await page.goto(url);
    expect(await page.evaluate(() => [isSecureContext, typeof AudioDecoder])).toEqual([false, 'undefined']);
    // Signed in from the page: the test's own requests do not resolve the LAN name.
    const signIn = (user: typeof TEST_ADMIN) =>
      fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) }).then((r) => r.ok);
    expect(await page.evaluate(signIn, TEST_ADMIN)).toBe(true);
    await page.addInitScript(() => {
      const w = window as unknown as { __heard: unknown[]; __camrelayOnSound: (s: unknown) => void };
      w.__heard = [];
      w.__camrelayOnSound = (s) => w.__heard.push(s);
    });
    await page.reload();
    const monitor = { page } as MonitorPage;
    await page.waitForSelector(speaker('yard'), { state: 'visible', timeout: 30_000 });
    expect(await page.textContent('[data-testid="connection-transport"]')).toContain('polling');
    await page.click(speaker('yard'));
    await waitFor(async () => (await soundState(monitor, 'yard')) === 'playing', 'the yard playing over polling', 30_000, 100);
    await waitFor(async () => (await meterLevel(monitor, 'yard')) > 0.05, 'the meter moving with the tone', 10_000, 50);
    expect((await heard(monitor)).every((p) => p.kind === 'decodeAudioData')).toBe(true);
    expect(await page.textContent('[data-testid="connection-transport"]')).toContain('polling');
    await page.close();
  });
});
