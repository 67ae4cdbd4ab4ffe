/**
 * The "Add a camera" guide (`#/settings/add`, #42) in Chromium against a real relay: a Linux or macOS PC's command,
 * as a person reads it off the page, run (its capture side, with the test pattern for a webcam) until the page says
 * the camera is live; the same token's Windows lines as PowerShell and cmd split them; the phone's capture link on
 * the address /api/capture-server gives; the IP camera form. Nothing cut off at 1280×800 and 390×844.
 * CAMRELAY_SHOTS=<folder> saves add-<kind>-<width>.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { networkInterfaces } from 'node:os';
import jsqrModule from 'jsqr';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startCamera } from '../helpers/capture.js';
import { rtspCameraAvailable, startRtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

// CommonJS with `exports.default`: whether the default import is the function or the exports object depends on the loader.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;
const SHOTS = process.env.CAMRELAY_SHOTS;
const ROOT = path.resolve(import.meta.dirname, '../..');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const IN_GUIDE = '[data-testid="settings-add"]';

/** A POSIX shell's words: plain, or in single quotes (with `'\''` for a quote), as posixQuote writes them. */
function splitPosix(line: string): string[] {
  return [...line.matchAll(/(?:[^\s']+|'[^']*')+/g)].map((m) => m[0].replace(/'([^']*)'/g, '$1'));
}

/** Text in the guide wider than its box, or a page wider than the window. */
function cutOff(page: Page): Promise<string[]> {
  return page.evaluate((root) => {
    const bad: string[] = [];
    for (const e of document.querySelector(root)!.querySelectorAll<HTMLElement>('*')) {
      if (!e.checkVisibility() || e.closest('select')) continue;
      const text = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (text && e.scrollWidth > e.clientWidth + 1) bad.push(`${e.tagName} "${e.textContent!.trim().slice(0, 60)}" ${e.scrollWidth} > ${e.clientWidth}`);
    }
    if (document.documentElement.scrollWidth > innerWidth) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    return bad;
  }, IN_GUIDE);
}

/** At both sizes: nothing cut off, and the screenshot when asked for. */
async function lookAt(page: Page, kind: string, testId: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await cutOff(page), `${kind} at ${size.width}`).toEqual([]);
    if (!SHOTS) continue;
    await page.locator(`${IN_GUIDE} [data-testid="${testId}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `add-${kind}-${size.width}.png`) });
  }
  await page.setViewportSize(SIZES[0]);
}

/** What the guide's QR code says, read off the screen as a phone's camera would. */
async function qrText(page: Page): Promise<string | undefined> {
  const shot = await page.locator(`${IN_GUIDE} [data-testid="capture-qr-code"] svg`).screenshot();
  const { data, info } = await sharp(shot).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}

/** This machine's first LAN address, as the relay finds it (server/http/lan.ts), or undefined on a machine with none. */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const text = (page: Page, testId: string) => page.textContent(`${IN_GUIDE} [data-testid="${testId}"]`);

describe.runIf(browserAvailable())('Add a camera, the guide (#42), in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  let monitor: MonitorPage;
  let capture: ChildProcess | undefined;
  let captureOutput = '';

  beforeAll(async () => {
    server = await startTestServer();
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    if (capture && capture.exitCode === null) {
      const gone = new Promise((resolve) => capture!.once('exit', resolve));
      capture.kill('SIGKILL');
      await gone;
    }
    await monitor?.close();
    await stopTestServer(server);
  });

  it('runs the Linux or macOS command a person reads off the page, and says when the camera is live', async () => {
    const page = monitor.page;
    await page.goto(`${server.url}/#/settings/add`);
    await page.waitForSelector(IN_GUIDE, { state: 'visible' });
    expect(await page.textContent('[data-testid="settings-title"]')).toBe('Add a camera');
    await page.check(`${IN_GUIDE} [data-testid="add-kind-posix"]`);
    await page.fill(`${IN_GUIDE} [data-testid="add-name"]`, 'Front door');
    expect(await text(page, 'add-id')).toContain('front-door');
    await page.click(`${IN_GUIDE} [data-testid="add-make"]`);
    await page.waitForSelector(`${IN_GUIDE} [data-testid="token-command"]`);
    const command = (await text(page, 'token-command'))!;
    const origin = ((await (await page.request.get(`${server.url}/api/capture-server`)).json()) as { url: string }).url;
    expect(command).toMatch(new RegExp(`^npm run capture -- --server ${origin.replaceAll('.', '\\.')} --camera front-door --token \\S+ --name 'Front door'$`));
    expect(await text(page, 'add-live-text')).toBe('Waiting for Front door…');
    await lookAt(page, 'posix', 'add-output');

    // `npm run capture` is `tsx capture-client/main.ts`: the printed words after `--`, with the test pattern for a webcam.
    const words = splitPosix(command);
    expect(words.slice(0, 4)).toEqual(['npm', 'run', 'capture', '--']);
    capture = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...words.slice(4), '--source', 'test-pattern', '--fps', '10'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    capture.stdout!.on('data', (d) => (captureOutput += d));
    capture.stderr!.on('data', (d) => (captureOutput += d));
    const live = await waitFor(
      async () => {
        const line = await text(page, 'add-live-text');
        // Live at the first frame; the rate once the relay has measured it (its first second).
        return line && /^Front door is live: [1-9]\d* fps/.test(line) ? line : null;
      },
      '"Front door is live" on the page',
      30_000,
      100,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\ncapture client said: ${captureOutput.slice(-800)}`);
    });
    expect(live).toMatch(/^Front door is live: [1-9]\d* fps over (polling|websocket|http|webrtc)$/);
    expect(await page.getAttribute(`${IN_GUIDE} [data-testid="add-live-open"]`, 'href')).toBe('#/camera/front-door');
    await lookAt(page, 'live', 'add-live');
  });

  it("shows the same token's Windows lines, which PowerShell and cmd pass to the program intact", async () => {
    const page = monitor.page;
    await page.check(`${IN_GUIDE} [data-testid="add-kind-windows"]`);
    await page.waitForSelector(`${IN_GUIDE} [data-testid="capture-program-source"]`);
    // A name with a space is quoted apart in each shell: a line for PowerShell, then one for cmd.
    const labels = await page.locator(`${IN_GUIDE} [data-testid="add-output"] .admin-secret-note`).allTextContents();
    expect(labels).toContain('In PowerShell:');
    expect(labels).toContain('In cmd:');
    const [ps, cmd] = await page.locator(`${IN_GUIDE} [data-testid="add-output"] code`).allTextContents();
    for (const words of [splitPowerShell(ps!), splitCmd(cmd!)]) {
      expect(words[0]).toBe('C:\\camrelay\\camrelay-capture.exe');
      const parsed = parseCaptureArgs(words.slice(1), {});
      if (parsed.kind !== 'run') throw new Error(`parsed as ${parsed.kind}`);
      expect([parsed.command.server, parsed.command.cameraId, parsed.command.name]).toEqual([server.url, 'front-door', 'Front door']);
    }
    expect(await page.locator(`${IN_GUIDE} [data-testid="add-copy"]`).count()).toBeGreaterThanOrEqual(2);
    await lookAt(page, 'windows', 'add-output');
  });

  it("shows a phone the capture link on the relay's address, with what it needs for the camera", async () => {
    const page = monitor.page;
    await page.check(`${IN_GUIDE} [data-testid="add-kind-phone"]`);
    await page.waitForSelector(`${IN_GUIDE} [data-testid="capture-qr"]`);
    const origin = ((await (await page.request.get(`${server.url}/api/capture-server`)).json()) as { url: string }).url;
    const link = (await text(page, 'capture-link'))!;
    expect(link).toMatch(new RegExp(`^${origin.replaceAll('.', '\\.')}/capture#camera=front-door&token=\\S+$`));
    expect(await qrText(page)).toBe(link);
    // The test relay listens on 127.0.0.1 only: the page says a phone cannot reach that, and that it needs HTTPS.
    expect(await text(page, 'capture-qr-local')).toMatch(/HTTPS.*docs\/browser-camera\.md/);
    await lookAt(page, 'phone', 'capture-qr');
  });

  it('gives an IP camera the discovery and the address form, and forgets the token', async () => {
    const page = monitor.page;
    await page.check(`${IN_GUIDE} [data-testid="add-kind-ip"]`);
    await page.waitForSelector(`${IN_GUIDE} [data-testid="onvif-find"]`, { state: 'visible' });
    expect(await page.isVisible(`${IN_GUIDE} [data-testid="ipcam-url"]`)).toBe(true);
    expect(await page.isVisible(`${IN_GUIDE} [data-testid="add-output"]`)).toBe(false);
    await lookAt(page, 'ip', 'ipcam-add');
  });

  it.runIf(rtspCameraAvailable())('tests an IP camera before saving it, then watches it until its first frame (the GStreamer RTSP camera)', async () => {
    const page = monitor.page;
    const camera = await startRtspCamera({ user: 'admin', password: 'Porch-pw-7731', fps: 10 });
    const result = `${IN_GUIDE} [data-testid="ipcam-test-result"]`;
    const tested = (state: string) => page.waitForSelector(`${result}[data-state="${state}"]`, { timeout: 30_000 });
    try {
      await page.fill(`${IN_GUIDE} [data-testid="ipcam-id"]`, 'porch');
      await page.fill(`${IN_GUIDE} [data-testid="ipcam-name"]`, 'Porch');
      // A wrong password: said in the camera's words, no picture, nothing saved.
      await page.fill(`${IN_GUIDE} [data-testid="ipcam-url"]`, camera.url('sub', { user: 'admin', password: 'not-the-password' }));
      await page.click(`${IN_GUIDE} [data-testid="ipcam-test"]`);
      await tested('failed');
      expect(await text(page, 'ipcam-test-caption')).toMatch(/^No picture: The camera refused the user name or password .*: check them in the address\.$/);
      expect(await page.isVisible(`${IN_GUIDE} [data-testid="ipcam-test-picture"]`)).toBe(false);
      // The right one: the camera's picture at its shape, and what it sends.
      await page.fill(`${IN_GUIDE} [data-testid="ipcam-url"]`, camera.url('sub'));
      await page.click(`${IN_GUIDE} [data-testid="ipcam-test"]`);
      await tested('ok');
      expect(await text(page, 'ipcam-test-caption')).toBe('The camera answers: H.264 640×360, no sound. Add it to watch it live.');
      const shape = await page.$eval(`${IN_GUIDE} [data-testid="ipcam-test-picture"]`, (img) => {
        const i = img as HTMLImageElement;
        return [i.naturalWidth, i.naturalHeight, i.clientWidth / i.clientHeight];
      });
      expect(shape.slice(0, 2)).toEqual([640, 360]);
      expect(shape[2]).toBeCloseTo(16 / 9, 1);
      expect(await page.inputValue(`${IN_GUIDE} [data-testid="ipcam-url"]`)).toBe(camera.url('sub'));
      await lookAt(page, 'ip-test', 'ipcam-test-result');
      await page.click(`${IN_GUIDE} [data-testid="ipcam-add"]`);
      const live = await waitFor(
        async () => {
          const line = await text(page, 'add-live-text');
          return line && /^Porch is live: [1-9]\d* fps/.test(line) ? line : null;
        },
        '"Porch is live" on the page',
        30_000,
        100,
      );
      expect(live).toMatch(/^Porch is live: [1-9]\d* fps over websocket$/);
      await lookAt(page, 'ip-live', 'add-live');
    } finally {
      await camera.stop();
    }
  });

  it.runIf(lan !== undefined)("gives a phone the relay's LAN address when the page is opened on the relay's machine", async () => {
    const everywhere = await startTestServer({ host: '0.0.0.0' });
    const context = await browser().newContext({ viewport: SIZES[0] });
    const page = await context.newPage();
    try {
      const port = new URL(everywhere.url).port;
      const login = await page.request.post(`${everywhere.url}/api/login`, { data: TEST_ADMIN, headers: { origin: everywhere.url } });
      expect(login.ok()).toBe(true);
      await page.goto(`${everywhere.url}/#/settings/add`);
      await page.check(`${IN_GUIDE} [data-testid="add-kind-phone"]`);
      await page.fill(`${IN_GUIDE} [data-testid="add-name"]`, 'Kitchen');
      await page.click(`${IN_GUIDE} [data-testid="add-make"]`);
      await page.waitForSelector(`${IN_GUIDE} [data-testid="capture-qr"]`);
      const link = await qrText(page);
      expect(link).toMatch(new RegExp(`^http://${lan!.replaceAll('.', '\\.')}:${port}/capture#camera=kitchen&token=\\S+$`));
      // Plain HTTP on the LAN: the page says the phone's camera needs HTTPS, and where the docs say how.
      expect(await text(page, 'capture-qr-https')).toMatch(/only over HTTPS.*docs\/browser-camera\.md/);
      await lookAt(page, 'phone-lan', 'capture-qr');
      // The capture page sends what the link holds, and no name (a capture client on the link's token stands in for it):
      // the guide names the camera as the admin did, and says when it is live.
      const token = new URLSearchParams(link!.split('#')[1]).get('token')!;
      const phone = await startCamera(everywhere.url, token, 'kitchen', { fps: 10 });
      try {
        await waitFor(async () => /^Kitchen is live/.test((await text(page, 'add-live-text')) ?? ''), '"Kitchen is live" on the page', 20_000, 100);
        const listed = await waitFor(async () => {
          const cameras = (await (await page.request.get(`${everywhere.url}/api/cameras`)).json()) as Array<{ id: string; name: string }>;
          return cameras.find((c) => c.id === 'kitchen' && c.name === 'Kitchen');
        }, "camera kitchen named Kitchen in the relay's list");
        expect(listed.name).toBe('Kitchen');
      } finally {
        phone.stop();
      }
    } finally {
      await context.close();
      await stopTestServer(everywhere);
    }
  });
});
