/**
 * A full disk on the page, in Chromium: a relay whose free-space floor no disk meets calls its disk
 * full at start. Whoever may see a recording camera reads that recording stopped and live view goes
 * on; admins also read what to do, here and on the settings page; a viewer of a camera that does not
 * record reads nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';
import { openSettings } from '../helpers/admin-page.js';

const strip = '[data-testid="recording-alert"]';
const FULL = 'Recording stopped: disk full (Front door) · live view unaffected';

describe.runIf(browserAvailable())('a full disk shown on the page, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  const pages: MonitorPage[] = [];
  const cameras: TestCamera[] = [];

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
    cameras.splice(0).forEach((c) => c.stop());
    await stopTestServer(server);
    server = undefined;
  });

  async function viewer(username: string, cameraIds: string[]): Promise<MonitorPage> {
    const cookie = await login(server!);
    const body = JSON.stringify({ username, password: `${username}-password`, role: 'viewer', cameras: cameraIds });
    const res = await fetch(`${server!.url}/api/users`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server!), 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(201);
    const page = await openMonitor(browser(), server!.url, { username, password: `${username}-password` });
    pages.push(page);
    return page;
  }

  it('tells viewers of a recording camera that recording stopped, and admins what to do', async () => {
    server = await startTestServer({
      recording: { ...RECORDING_DEFAULTS, minFreeMb: 100_000_000, cameras: { door: { mode: 'continuous', format: 'jpeg' } } },
    });
    expect(server.recording.retention.diskFull).toBe(true);
    cameras.push(await startCamera(server.url, server.captureToken, 'door', { fps: 5, transport: 'socketio', name: 'Front door' }));
    cameras.push(await startCamera(server.url, server.captureToken, 'yard', { fps: 5, transport: 'socketio' }));

    const admin = await openMonitor(browser(), server.url);
    pages.push(admin);
    await waitFor(async () => (await admin.cameraStatus('door')) === 'live', 'the camera live');
    await waitFor(async () => (await admin.page.textContent('[data-testid="recording-alert-text"]')) === FULL, 'the admin told');
    expect(await admin.page.isVisible(strip)).toBe(true);
    expect(await admin.page.textContent('[data-testid="recording-alert-fix"]')).toMatch(/^Free space on the relay's disk, or lower the retention/);
    // Live view goes on: frames keep being drawn under the strip.
    const before = await admin.frameCount('door');
    await waitFor(async () => (await admin.frameCount('door')) > before + 2, 'frames still drawn');
    // On the settings page too, with what to do.
    await openSettings(admin.page, 'recording');
    await waitFor(async () => (await admin.page.textContent('[data-testid="rec-disk-full"]'))?.includes('Free space'), 'the notice in Admin');
    const doorState = '[data-testid="rec-list"] details[data-camera-id="door"] [data-testid="rec-state"]';
    expect(await admin.page.textContent(doorState)).toBe('Disk full: recording stopped, live view unaffected');

    // A viewer of that camera is told, without the admin's fix.
    const bob = await viewer('bob', ['door']);
    await waitFor(async () => (await bob.page.textContent('[data-testid="recording-alert-text"]')) === FULL, 'the viewer told');
    expect(await bob.page.isVisible('[data-testid="recording-alert-fix"]')).toBe(false);

    // A viewer of a camera that records nothing: nothing to say.
    const alice = await viewer('alice', ['yard']);
    await waitFor(async () => (await alice.cameraStatus('yard')) === 'live', "alice's camera live");
    await alice.page.waitForSelector(`${strip}[data-checked]`, { state: 'attached' });
    expect(await alice.page.isVisible(strip)).toBe(false);
  });
});
