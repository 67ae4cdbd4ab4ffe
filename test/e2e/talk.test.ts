/**
 * Talk back from the Live Monitor (#40 item 4), in Chromium with its fake microphone (a beep): an admin holds Talk in
 * the single view, the real relay carries the sound to the real capture program, which says it through GStreamer's
 * ONVIF camera's back channel, which hears it; a viewer's page (its grid and its wall) shows who talks, and has no Talk button.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { launchChromium } from '../helpers/chromium.js';
import { browserAvailable } from '../helpers/browser.js';
import { SHOTS } from '../helpers/admin-page.js';
import { startCaptureProgram, type CaptureProgram } from '../helpers/capture-program.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { rtspCameraAvailable, type RtspCamera } from '../helpers/rtsp-camera.js';
import { TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { startTalkRig } from '../helpers/talk-rig.js';
import { waitFor } from '../helpers/wait.js';

const VIEWER = { username: 'guard', password: 'guard-password-1' };
const heardCount = (camera: RtspCamera) => (camera.output().match(/^HEARD /gm) ?? []).length;
/** What the camera's back channel has heard in all, in samples (its "TALKBYTES" line once a second), and how many lines. */
const talkBytes = (camera: RtspCamera) => {
  const lines = [...camera.output().matchAll(/^TALKBYTES (\d+)$/gm)];
  return { samples: Number(lines.at(-1)?.[1] ?? 0), lines: lines.length };
};

describe.runIf(browserAvailable() && rtspCameraAvailable())('talk back from the Live Monitor, in Chromium', () => {
  let browser: Browser;
  let camera: RtspCamera;
  let server: TestServer;
  let program: CaptureProgram;
  let admin: MonitorPage;
  let guard: MonitorPage;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    browser = await launchChromium({ fakeCamera: true });
    ({ camera, server, program, stop } = await startTalkRig(async (relay) => {
      relay.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    }));
    admin = await openMonitor(browser, server.url);
    guard = await openMonitor(browser, server.url, VIEWER);
  });
  afterAll(async () => {
    await admin?.close();
    await guard?.close();
    await browser?.close();
    await stop?.();
  });

  it('says what the admin holds Talk for through the camera, shows every page who talks, and stops on letting go', async () => {
    const page = admin.page;
    await page.evaluate(() => (location.hash = '#/camera/door'));
    const button = page.locator('[data-testid="talk-button"]');
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await button.textContent()).toBe('Talk');

    // The microphones the page opens, kept to see that each is let go (the browser's recording light off) at the stop.
    await page.evaluate(() => {
      const devices = navigator.mediaDevices;
      const open = devices.getUserMedia.bind(devices);
      const opened: MediaStream[] = ((window as unknown as { opened: MediaStream[] }).opened = []);
      devices.getUserMedia = async (c) => {
        const stream = await open(c);
        opened.push(stream);
        return stream;
      };
    });
    const before = heardCount(camera);
    await button.hover();
    const pressedAt = Date.now();
    await page.mouse.down();
    await page.waitForSelector('[data-testid="talk-control"][data-state="talking"]', { timeout: 20_000 });
    expect(await button.textContent()).toBe('Talking');
    // The fake microphone beeps once a second: the camera's back channel hears it.
    await waitFor(() => heardCount(camera) > before, `the camera to hear the page\n${program.output()}`, 20_000);
    expect(program.output()).toContain("Talk-back: the camera's back channel is open (G.711 μ-law)");

    // The viewer's tile says who talks, and the viewer has no Talk button even on the camera alone.
    const badge = guard.page.locator('[data-testid="camera-tile"][data-camera-id="door"] [data-testid="talk-badge"]');
    await badge.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await badge.textContent()).toBe(`${TEST_ADMIN.username} is talking`);
    // And on a monitor on the wall, where nobody clicks: the same words over the picture.
    await guard.page.evaluate(() => (location.hash = '#/wall'));
    await guard.page.waitForSelector('body[data-wall]');
    await badge.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await badge.textContent()).toBe(`${TEST_ADMIN.username} is talking`);
    if (SHOTS)
      for (const [w, h] of [
        [390, 844],
        [1280, 800],
      ] as const) {
        await guard.page.setViewportSize({ width: w, height: h });
        await guard.page.screenshot({ path: path.join(SHOTS, `talk-wall-${w}.png`) });
      }
    await guard.page.keyboard.press('Escape');
    await guard.page.waitForSelector('body:not([data-wall])');
    await guard.page.evaluate(() => (location.hash = '#/camera/door'));
    await guard.page.waitForSelector('[data-testid="camera-tile"][data-camera-id="door"][data-selected]');
    expect(await guard.page.isVisible('[data-testid="talk-button"]')).toBe(false);
    if (SHOTS) {
      for (const [p, name] of [
        [page, 'talk-admin'],
        [guard.page, 'talk-viewer'],
      ] as const)
        for (const [w, h] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          await p.setViewportSize({ width: w, height: h });
          await p.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`) });
        }
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    // A hold, not a click: a press shorter than the button's 400 ms leaves it talking (the next test's toggle).
    await waitFor(() => Date.now() - pressedAt >= 800, 'a press held as a person holds it');
    await page.mouse.up();
    await page.waitForSelector('[data-testid="talk-control"][data-state="idle"]', { timeout: 10_000 });
    await badge.waitFor({ state: 'detached', timeout: 15_000 });
    expect(server.relay.cameras.get('door')?.talk).toEqual({});
    const tracks = () => page.evaluate(() => (window as unknown as { opened: MediaStream[] }).opened.flatMap((s) => s.getTracks().map((t) => t.readyState)));
    await waitFor(async () => (await tracks()).every((state) => state === 'ended'), 'the microphone let go');
    expect((await tracks()).length).toBe(1);
  });

  it('toggles on a short click, and says why when the camera is taken by another talker', async () => {
    const page = admin.page;
    const button = page.locator('[data-testid="talk-button"]');
    await button.click();
    await page.waitForSelector('[data-testid="talk-control"][data-state="talking"]', { timeout: 20_000 });
    // A second admin's page is told who talks.
    const other = await openMonitor(browser, server.url);
    try {
      await other.page.evaluate(() => (location.hash = '#/camera/door'));
      await other.page.locator('[data-testid="talk-button"]').click();
      await other.page.waitForSelector('[data-testid="talk-message"]:not([hidden])', { timeout: 20_000 });
      expect(await other.page.textContent('[data-testid="talk-message"]')).toContain(`${TEST_ADMIN.username} is talking through this camera now`);
      expect(await other.page.getAttribute('[data-testid="talk-control"]', 'data-state')).toBe('idle');
    } finally {
      await other.close();
    }
    await button.click();
    await page.waitForSelector('[data-testid="talk-control"][data-state="idle"]', { timeout: 10_000 });
  });

  it('talks after a quick stop and press again, and lets go of both microphones', async () => {
    const page = admin.page;
    await page.evaluate(() => (location.hash = '#/camera/door'));
    const button = page.locator('[data-testid="talk-button"]');
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    const opened = () => page.evaluate(() => (window as unknown as { opened?: MediaStream[] }).opened?.length ?? 0);
    const before = { heard: heardCount(camera), opened: await opened() };
    // On, off and on again before the first press's microphone has opened: its late close must not silence the next.
    await button.click();
    await button.click();
    await button.click();
    await page.waitForSelector('[data-testid="talk-control"][data-state="talking"]', { timeout: 20_000 });
    await waitFor(() => heardCount(camera) > before.heard, `the camera to hear the page\n${program.output()}`, 20_000);
    await button.click();
    await page.waitForSelector('[data-testid="talk-control"][data-state="idle"]', { timeout: 10_000 });
    const live = () =>
      page.evaluate(
        () => (window as unknown as { opened?: MediaStream[] }).opened?.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length ?? 0,
      );
    await waitFor(async () => (await live()) === 0, 'every microphone let go');
    // Seen only after the first test, which counts the page's microphones.
    if (before.opened > 0) expect(await opened()).toBe(before.opened + 2);
  });

  it("says the first words too when the camera's back channel is slow to open: what the microphone heard meanwhile follows", async () => {
    // A second camera, the same one behind a link adding 250 ms each way: its back channel takes seconds to open.
    const proxy = await FaultProxy.start(camera.port);
    const url = camera.url('talk').replace(`:${camera.port}/`, `:${proxy.port}/`);
    const porch = startCaptureProgram([
      '--server',
      server.url,
      '--camera',
      'porch',
      '--token',
      server.captureToken,
      '--source',
      'rtsp',
      '--url',
      url,
      '--fps',
      '5',
    ]);
    try {
      const listed = () => server.relay.cameras.get('porch');
      await waitFor(() => listed()?.status === 'live' && listed()?.talk !== undefined, `porch live, one to talk to\n${porch.output()}`, 60_000);
      proxy.faults.latencyMs = 250;
      const page = admin.page;
      await page.evaluate(() => (location.hash = '#/camera/porch'));
      const button = page.locator('[data-testid="talk-button"]');
      await button.waitFor({ state: 'visible', timeout: 15_000 });
      const before = talkBytes(camera).samples;
      await page.evaluate(() => performance.clearMarks());
      await button.hover();
      await page.mouse.down();
      await page.waitForSelector('[data-testid="talk-control"][data-state="talking"]', { timeout: 20_000 });
      const talkingAt = Date.now();
      await waitFor(() => Date.now() - talkingAt >= 2000, 'two seconds of talk');
      await page.mouse.up();
      await page.waitForSelector('[data-testid="talk-control"][data-state="idle"]', { timeout: 10_000 });
      // The page's marks (talk-button.ts, microphone.ts): when its microphone gave sound, when the camera's answer came.
      const at = await page.evaluate(() => {
        const mark = (name: string) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
        return { asked: mark('talk-ask'), sound: mark('talk-graph'), acked: mark('talk-acked'), released: performance.now() };
      });
      // Done once the count holds still for two of the camera's seconds.
      let last = { samples: -1, lines: 0 };
      await waitFor(
        () => {
          const now = talkBytes(camera);
          if (now.lines < last.lines + 2) return false;
          const still = now.samples === last.samples;
          last = now;
          return still;
        },
        'the camera to have heard it all',
        20_000,
        200,
      );
      const heard = last.samples - before;
      // Everything from the microphone's first sound, up to the second the page keeps, less the tail the camera's
      // buffer (200 ms) and the slow link (250 ms) hold when the back channel closes.
      const kept = (at.released - Math.max(at.sound, at.acked - 1000)) * 8;
      const unkept = (at.released - at.acked) * 8;
      const numbers = `heard ${heard} samples; from the first sound ${Math.round(kept)}; from the answer ${Math.round(unkept)} (${JSON.stringify(at)})`;
      expect(at.acked - at.sound, `a back channel slow enough to tell: ${numbers}`).toBeGreaterThan(300);
      expect(heard, numbers).toBeGreaterThan(kept * 0.95 - 8 * 500);
    } finally {
      await porch.kill();
      await proxy.close();
    }
  });
});
