/**
 * The settings page says how each camera is recorded, in Chromium: one camera from a capture client that
 * sends its own H.264 (libx264, real ffmpeg) is recorded by copy, a JPEG-only publisher beside it is
 * encoded on the relay. CAMRELAY_SHOTS=<folder> also saves the section at desktop and phone sizes.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCamera, type RunningCamera } from '../../capture-client/run.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { RecordingSource } from '../../shared/recording-status.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings } from '../helpers/admin-page.js';

const how = (id: string) => `[data-testid="rec-list"] details[data-camera-id="${id}"] [data-testid="rec-how"]`;

describe.runIf(browserAvailable())('how each camera records, on the settings page (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer;
  let door: RunningCamera;
  let yard: TestCamera;
  let monitor: MonitorPage | undefined;

  async function source(id: string): Promise<RecordingSource | undefined> {
    const res = await fetch(`${server.url}/api/cameras/${id}/recording`, { headers: server.adminAuth });
    return ((await res.json()) as { source?: RecordingSource }).source;
  }

  beforeAll(async () => {
    server = await startTestServer({
      recording: { ...RECORDING_DEFAULTS, cameras: { door: { mode: 'continuous', fps: 10 }, yard: { mode: 'continuous', fps: 5 } } },
    });
    door = await runCamera({
      server: server.url,
      token: server.captureToken,
      cameraId: 'door',
      transport: 'socketio',
      fps: 10,
      offers: ['h264'],
      source: 'test-pattern',
      sourceOptions: { fps: 10, width: 320, height: 240 },
    });
    yard = await startCamera(server.url, server.captureToken, 'yard', { fps: 5, transport: 'socketio' });
    await waitFor(async () => ((await source('door'))?.copies ?? 0) >= 1, 'the door recorded by copy', 20_000, 100);
    await waitFor(async () => ((await source('yard'))?.encoders ?? 0) >= 1, 'the yard encoded', 20_000, 100);
  });

  afterAll(async () => {
    await monitor?.close();
    yard?.stop();
    await door?.stop();
    await stopTestServer(server);
  });

  it("says the capture client's camera is recorded by copy of its libx264 H.264, and the JPEG-only one is encoded on the relay", async () => {
    const { page } = (monitor = await openMonitor(browser(), server.url));
    await openSettings(page, 'recording');
    await waitFor(async () => (await page.textContent(how('door'), { timeout: 2000 }).catch(() => null))?.startsWith('Recording by copy'), 'the door’s words');
    expect(await page.textContent(how('door'))).toBe("Recording by copy: the camera side's H.264 (libx264), no encoder on the relay");
    expect(await page.textContent(how('yard'))).toBe('Encoding on the relay: the capture side sends JPEG only');
    expect(await page.isVisible(how('door'))).toBe(true);
    const shots = process.env.CAMRELAY_SHOTS;
    for (const [w, h] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.locator('[data-testid="rec-list"]').evaluate((list) => list.scrollIntoView({ block: 'center' }));
      if (shots) await page.screenshot({ path: path.join(shots, `admin-recording-source-${w}.png`) });
    }
  });
});
