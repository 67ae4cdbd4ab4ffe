/**
 * The page tells the truth about the relay: unreachable (banner, tiles that do not blame their
 * cameras), refusing the page (banner with the code and the fix, page still styled), and nothing
 * that reads as a failure before or during an ordinary sign-in.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { HttpProxy } from '../helpers/http-proxy.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { freePort, startCaptureProcess, startServerProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { patient, waitFor } from '../helpers/wait.js';

const banner = '[data-testid="relay-banner"]';

describe.runIf(browserAvailable())('what the Live Monitor says about the relay, in Chromium', () => {
  const browser = useBrowser();
  const programs: Program[] = [];
  let monitor: MonitorPage | undefined;
  let server: TestServer | undefined;
  let proxy: HttpProxy | undefined;
  let camera: TestCamera | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await monitor?.close();
    camera?.stop();
    await proxy?.close();
    await Promise.all(programs.splice(0).map((p) => p.kill()));
    await stopTestServer(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    monitor = server = proxy = camera = dataDir = undefined;
  });

  it('says the relay is unreachable within 3 s of its death, blames no camera, and clears when it is back', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-relay-state-'));
    const port = await freePort();
    const relay = await startServerProcess(port, dataDir);
    programs.push(relay);
    const url = `http://127.0.0.1:${port}`;
    const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
    programs.push(startCaptureProcess(url, token, 'door'));
    const m = (monitor = await openMonitor(browser(), url));
    await waitFor(async () => (await m.cameraStatus('door')) === 'live', 'the camera live');
    expect(await m.page.isVisible(banner)).toBe(false);

    const killedAt = Date.now();
    await relay.kill('SIGKILL');
    programs.splice(programs.indexOf(relay), 1);
    await m.page.waitForSelector(`${banner}:visible`, { timeout: patient(3000) });
    console.log(`[relay-state] banner ${Date.now() - killedAt} ms after the relay was killed`);
    expect(await m.page.textContent('[data-testid="relay-banner-title"]')).toMatch(/^Relay unreachable since \d/);
    // Until the tile's own last frame is 3 s old: past the 2 s after which it would say "stalled".
    const overlay = '[data-testid="camera-tile"] [data-testid="tile-overlay"]';
    await waitFor(async () => /last frame shown ([3-9]|\d\d) s ago/.test((await m.page.textContent(overlay)) ?? ''), 'the last frame 3 s old', 10_000);
    expect(await m.cameraStatus('door')).toBe('no relay');
    expect(await m.page.textContent('[data-testid="camera-tile"] [data-testid="tile-overlay"]')).toContain('Relay unreachable');
    expect(await m.page.textContent('[data-testid="camera-grid"]')).not.toMatch(/stalled/i);

    programs.push(await startServerProcess(port, dataDir));
    await m.page.waitForSelector(banner, { state: 'hidden', timeout: patient(10_000) });
    const drawn = await m.frameCount('door');
    await waitFor(async () => (await m.frameCount('door')) > drawn, 'frames again after the restart', 15_000);
    // The relay's camera list catches up with the camera's return a moment after its first frames.
    await waitFor(async () => (await m.cameraStatus('door')) === 'live', 'the camera live again', 10_000);
  });

  it('behind a proxy that rewrites Host: styled, and a BAD_ORIGIN banner naming the fix within 3 s', async () => {
    server = await startTestServer();
    proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
    proxy.faults.rewriteHost = true;
    // Served as localhost: the browser's Origin then differs from the Host the relay is given.
    const url = proxy.url.replace('127.0.0.1', 'localhost');
    const page = await browser().newPage();
    const loadedAt = Date.now();
    await page.goto(url);
    await page.waitForSelector(`${banner}:visible`, { timeout: patient(3000) });
    console.log(`[relay-state] BAD_ORIGIN banner ${Date.now() - loadedAt} ms after the page was opened`);
    expect(await page.getAttribute(banner, 'data-code')).toBe('BAD_ORIGIN');
    const detail = await page.textContent('[data-testid="relay-banner-detail"]');
    expect(detail).toContain(url);
    expect(detail).toContain('proxy_set_header Host $http_host');
    expect(detail).toContain('CAMRELAY_ALLOWED_ORIGINS');
    // The stylesheet loaded: the banner is laid out by it, and the page has its palette.
    expect(await page.$eval(banner, (b) => getComputedStyle(b).position)).toBe('sticky');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).toMatch(/^#[0-9a-f]{6}$/);
    await page.close();
  });

  it('says "not signed in" before sign-in, signing in logs no failure in Diagnostics, and signing out raises no alarm', async () => {
    server = await startTestServer();
    camera = await startCamera(server.url, server.captureToken, 'porch');
    const page = await browser().newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="login-form"]:visible');
    expect(await page.textContent('[data-testid="connection-status"]')).toBe('not signed in');
    expect(await page.isVisible('[data-testid="connection-transport"]')).toBe(false);
    await page.fill('[data-testid="login-username"]', 'admin');
    await page.fill('[data-testid="login-password"]', server.config.adminPassword!);
    await page.click('[data-testid="login-submit"]');
    await waitFor(async () => (await page.textContent('[data-testid="connection-transport"]')) === 'websocket', 'connected over websocket');
    await page.click('[data-testid="diagnostics-toggle"]');
    const events = (await page.textContent('[data-testid="diag-events"]')) ?? '';
    expect(events).toMatch(/connect \((polling|websocket)\)/);
    expect(events).not.toMatch(/connect_error|upgrade failed|AUTH_REQUIRED/);
    expect(await page.isVisible(banner)).toBe(false);
    // Signing out ends the session's connection from the server's side: not an outage either.
    await page.click('[data-testid="diag-close"]');
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-form"]:visible');
    await waitFor(async () => (await page.textContent('[data-testid="connection-status"]')) === 'not signed in', 'signed out');
    expect(await page.isVisible(banner)).toBe(false);
    await page.close();
  });
});
