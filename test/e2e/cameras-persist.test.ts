/**
 * Cameras as an admin keeps them: renamed, grouped, ordered and deleted on the settings page, seen
 * by the grid at once; and still there, offline with their last picture, after a relay restart
 * with no capture client running.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { freePort, startCaptureProcess, startServerProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings, closeSettings } from '../helpers/admin-page.js';

const tileOrder = (page: Page) => page.$$eval('[data-testid="camera-tile"]:not([data-filtered])', (ts) => ts.map((t) => (t as HTMLElement).dataset.cameraId));
const row = (id: string) => `[data-testid="camera-admin-list"] tr[data-camera-id="${id}"]`;

describe.runIf(browserAvailable())('cameras that an admin keeps, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let monitor: MonitorPage | undefined;
  const cameras: TestCamera[] = [];
  const programs: Program[] = [];
  let dataDir: string | undefined;

  afterEach(async () => {
    await monitor?.close();
    cameras.splice(0).forEach((c) => c.stop());
    await Promise.all(programs.splice(0).map((p) => p.kill()));
    await stopTestServer(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    server = monitor = dataDir = undefined;
  });

  it('renames, groups, reorders and deletes cameras from the settings page; the grid follows at once', async () => {
    server = await startTestServer();
    for (const id of ['alpha', 'bravo']) cameras.push(await startCamera(server.url, server.captureToken, id, { fps: 5 }));
    // Charlie has a token of its own: deleting the camera revokes it, so it cannot come back.
    const charlie = await startCamera(server.url, server.store.createToken('charlie').secret, 'charlie', { fps: 5, transport: 'socketio' });
    cameras.push(charlie);
    const m = (monitor = await openMonitor(browser(), server.url));
    const { page } = m;
    await waitFor(async () => (await tileOrder(page)).length === 3, 'three tiles');
    await openSettings(page);
    await page.waitForSelector(row('bravo'));

    await page.fill(`${row('bravo')} [data-testid="camera-admin-name"]`, 'Back yard');
    await page.fill(`${row('bravo')} [data-testid="camera-admin-group"]`, 'Outside');
    await page.click(`${row('bravo')} [data-testid="camera-admin-save"]`);
    await waitFor(async () => (await page.textContent('[data-camera-id="bravo"] [data-testid="camera-name"]')) === 'Back yard', 'the new name on the tile');
    await page.click(`${row('bravo')} [data-testid="camera-admin-up"]`);
    await waitFor(async () => JSON.stringify(await tileOrder(page)) === '["bravo","alpha","charlie"]', 'bravo moved first in the grid');

    await page.click(`${row('charlie')} [data-testid="camera-admin-delete"]`);
    // It has no recordings: the question is only whether to delete the camera.
    await waitFor(async () => (await page.textContent('[data-testid="delete-recordings"]')) === 'It has no recordings.', 'the delete question');
    await page.click('[data-testid="delete-keep"]:text-is("Delete camera")');
    await page.waitForSelector(row('charlie'), { state: 'detached' });
    await waitFor(async () => !(await tileOrder(page)).includes('charlie'), 'charlie gone from the grid');
    await waitFor(
      () => charlie.events.includes('kicked:REVOKED') || charlie.events.some((e) => e.endsWith(':REVOKED')),
      'the deleted camera told its token was revoked',
    );
    expect(server.relay.cameras.list().map((c) => c.id)).not.toContain('charlie');
    await closeSettings(page);

    // Groups: chips appear; "Outside" shows bravo alone.
    await page.click('[data-testid="group-chip"]:text-is("Outside")');
    await waitFor(async () => JSON.stringify(await tileOrder(page)) === '["bravo"]', 'only the Outside group');
    await page.click('[data-testid="group-chip"]:text-is("All cameras")');
    await waitFor(async () => (await tileOrder(page)).includes('alpha'), 'all cameras again');
  });

  it('shows every camera, named and in order, offline with its last picture after a restart with no camera running', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-persist-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await startServerProcess(port, dataDir);
    programs.push(first);
    const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
    const capture = startCaptureProcess(url, token, 'shed');
    programs.push(capture);
    let m = (monitor = await openMonitor(browser(), url));
    // A capture process started under tsx can take long to start on a loaded CI machine.
    await waitFor(async () => (await m.cameraStatus('shed')) === 'live', 'the camera live', 20_000);
    // Its last frame reaches the disk within a few seconds of arriving, and at shutdown.
    await capture.kill('SIGINT');
    await first.kill('SIGTERM');
    programs.splice(0);
    await m.close();

    programs.push(await startServerProcess(port, dataDir));
    m = monitor = await openMonitor(browser(), url);
    await waitFor(async () => (await m.cameraStatus('shed')) === 'offline', 'the camera listed offline after the restart');
    expect(await m.page.textContent('[data-camera-id="shed"] [data-testid="tile-overlay"]')).toMatch(/offline since .+ ago/);
    // The test pattern's size: the last picture was read back from the relay's disk.
    await waitFor(
      async () => (await m.page.$eval('[data-camera-id="shed"] canvas', (c) => (c as HTMLCanvasElement).width)) === 640,
      'the last picture on the tile',
    );
  });
});
