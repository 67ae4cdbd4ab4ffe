/**
 * Talk back to a webcam PC's speaker from the Live Monitor (#40 item 4), in Chromium with its fake microphone (a beep
 * once a second): an admin holds Talk on camera `desk`, whose capture program runs with `--speaker default`, and the PC
 * plays the beep. This box has no sound card: ALSA's file plugin is its `default` (test/helpers/alsa-file.ts). A PC
 * whose output cannot play (`--speaker nosuchcard`) is said under the button, in ALSA's words, with what to do.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { launchChromium } from '../helpers/chromium.js';
import { browserAvailable } from '../helpers/browser.js';
import { SHOTS } from '../helpers/admin-page.js';
import { alsaFileConfig } from '../helpers/alsa-file.js';
import { startCaptureProgram, type CaptureProgram } from '../helpers/capture-program.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** The loudest stretch of what was played, as RMS of 16-bit samples. */
function loudest(file: string): number {
  const out = readFileSync(file);
  const samples = new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1);
  let best = 0;
  for (let at = 0; at + 4800 <= samples.length; at += 4800) {
    let sum = 0;
    for (let i = at; i < at + 4800; i++) sum += samples[i]! * samples[i]!;
    best = Math.max(best, Math.sqrt(sum / 4800));
  }
  return best;
}

describe.runIf(browserAvailable() && process.platform === 'linux')("talk back to a webcam PC's speaker, in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  let dir: string;
  let played: string;
  const programs: CaptureProgram[] = [];
  let admin: MonitorPage;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-talk-speaker-'));
    played = path.join(dir, 'played.raw');
    writeFileSync(path.join(dir, 'asound.conf'), alsaFileConfig(played));
    browser = await launchChromium({ fakeCamera: true });
    server = await startTestServer();
    const env = { ALSA_CONFIG_PATH: path.join(dir, 'asound.conf') };
    for (const [id, device] of [
      ['desk', 'default'],
      ['hall', 'nosuchcard'],
    ] as const)
      programs.push(
        startCaptureProgram(
          ['--server', server.url, '--camera', id, '--token', server.captureToken, '--source', 'test-pattern', '--fps', '5', '--speaker', device],
          env,
        ),
      );
    const out = () => programs.map((p) => p.output()).join('\n');
    await waitFor(
      () => ['desk', 'hall'].every((id) => server.relay.cameras.get(id)?.talk !== undefined),
      `both cameras listed as ones to talk to\n${out()}`,
      60_000,
    );
    admin = await openMonitor(browser, server.url);
  });
  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await Promise.all(programs.map((p) => p.kill()));
    await stopTestServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plays what the admin says while holding Talk on the PC’s speaker', async () => {
    const page = admin.page;
    await page.evaluate(() => (location.hash = '#/camera/desk'));
    const button = page.locator('[data-testid="talk-button"]');
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    await button.hover();
    const pressedAt = Date.now();
    await page.mouse.down();
    await page.waitForSelector('[data-testid="talk-control"][data-state="talking"]', { timeout: 20_000 });
    await waitFor(
      () => programs[0]!.output().includes("Talk-back: playing on this PC's speaker (default)"),
      `the PC to play\n${programs[0]!.output()}`,
      20_000,
    );
    if (SHOTS)
      for (const [w, h] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.screenshot({ path: path.join(SHOTS, `talk-speaker-${w}.png`) });
      }
    await page.setViewportSize({ width: 1280, height: 800 });
    // Two of the fake microphone's beeps (one a second), then let go: the PC plays out what it had and stops.
    await waitFor(() => Date.now() - pressedAt >= 2500, 'a press held for two beeps');
    await page.mouse.up();
    await page.waitForSelector('[data-testid="talk-control"][data-state="idle"]', { timeout: 10_000 });
    await waitFor(() => existsSync(played) && loudest(played) > 1000, 'the beep played on the PC', 20_000);
  });

  it('says under the button, in ALSA’s words, when the PC’s speaker cannot play', async () => {
    const page = admin.page;
    await page.evaluate(() => (location.hash = '#/camera/hall'));
    const button = page.locator('[data-testid="talk-button"]');
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    await button.click();
    const message = page.locator('[data-testid="talk-message"]:not([hidden])');
    await message.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await message.textContent()).toContain(
      "The capture PC's speaker (nosuchcard) stopped playing: cannot open audio device nosuchcard (No such file or directory). Check the capture program's --speaker, then press Talk again.",
    );
    expect(await page.getAttribute('[data-testid="talk-control"]', 'data-state')).toBe('idle');
    if (SHOTS)
      for (const [w, h] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.screenshot({ path: path.join(SHOTS, `talk-speaker-failed-${w}.png`) });
      }
  });
});
