/**
 * What the Live Monitor shows a Windows user (issue #26): the empty page (its first-run checklist) and Admin's "Add a camera"
 * give the one-file program's command, and that line, split as PowerShell and cmd split it, reaches
 * the program's own parser with the real server, id and token.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { openMonitor } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';
import { openSettings } from '../helpers/admin-page.js';

const SHOTS = process.env.CAMRELAY_SHOTS;

/** server, camera and token as the program reads them from a line each shell splits. */
function asProgramReadsIt(line: string): string[][] {
  return [splitPowerShell(line), splitCmd(line)].map((words) => {
    expect(words[0]).toBe('C:\\camrelay\\camrelay-capture.exe');
    const parsed = parseCaptureArgs(words.slice(1), {});
    if (parsed.kind !== 'run') throw new Error(`parsed as ${parsed.kind}`);
    return [parsed.command.server, parsed.command.cameraId, parsed.command.token];
  });
}

describe.runIf(browserAvailable())('Add a camera, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(() => stopTestServer(server));

  it("shows the program's line on the empty page, which both shells pass to the program intact", async () => {
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      // An admin lands on the first-run checklist (#42): the command is under its first step.
      await page.click('[data-testid="first-run-command"] summary');
      await page.waitForSelector('[data-testid="capture-hint"]:not([hidden])');
      const line = (await page.textContent('[data-testid="capture-hint"]'))!;
      for (const args of asProgramReadsIt(line)) expect(args).toEqual([server.url, 'front-door', 'YOUR-TOKEN']);
      expect(await page.textContent('[data-testid="empty-hint"]')).toContain('npm run build:capture');
      for (const [w, h] of [
        [1280, 800],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `empty-hint-${w}.png`) });
      }
    } finally {
      await monitor.close();
    }
  });

  it("shows, for a Windows PC, the program's line with the new token, and each place only its own command", async () => {
    const monitor = await openMonitor(browser(), server.url);
    try {
      const page = monitor.page;
      await openSettings(page, 'users');
      await page.fill('[data-testid="token-camera"]', 'front-door');
      await page.click('[data-testid="token-create"]');
      await page.waitForSelector('[data-testid="token-command"]');
      const secret = (await page.textContent('[data-testid="token-secret-value"]'))!;
      const line = (await page.textContent('[data-testid="token-command"]'))!;
      for (const args of asProgramReadsIt(line)) expect(args).toEqual([server.url, 'front-door', secret]);
      expect(await page.textContent('[data-testid="capture-program-source"]')).toContain('/downloads/camrelay-capture-win-x64.zip');
      expect(await page.locator('[data-testid="capture-qr"]').count()).toBe(0);
      const shoot = async (name: string) => {
        for (const [w, h] of [
          [1280, 800],
          [390, 844],
        ] as const) {
          await page.setViewportSize({ width: w, height: h });
          await page.locator('[data-testid="token-secret"]').evaluate((box) => box.scrollIntoView({ block: 'end' }));
          if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `add-camera-${name}-${w}.png`) });
        }
      };
      await shoot('windows');
      await page.selectOption('[data-testid="token-place"]', 'posix');
      expect(await page.textContent('[data-testid="token-command"]')).toBe(`npm run capture -- --server ${server.url} --camera front-door --token ${secret}`);
      expect(await page.locator('[data-testid="capture-program-source"]').count()).toBe(0);
      await shoot('posix');
      await page.selectOption('[data-testid="token-place"]', 'browser');
      await page.waitForSelector('[data-testid="capture-qr"]');
      expect(await page.locator('[data-testid="token-command"]').count()).toBe(0);
      await shoot('browser');
    } finally {
      await monitor.close();
    }
  });
});
