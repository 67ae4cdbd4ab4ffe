/**
 * Recording settings on the settings page, in Chromium: an admin turns recording on for a camera and
 * reads what the recorder does in words; a value the relay refuses shows beside the form, the
 * field it names marked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { openSettings } from '../helpers/admin-page.js';

const fold = (id: string) => `[data-testid="rec-list"] details[data-camera-id="${id}"]`;

describe.runIf(browserAvailable())('recording settings on the settings page, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let monitor: MonitorPage | undefined;
  const cameras: TestCamera[] = [];

  afterEach(async () => {
    await monitor?.close();
    cameras.splice(0).forEach((c) => c.stop());
    await stopTestServer(server);
    server = monitor = undefined;
  });

  it('turns recording on for a camera, shows it recording in words, and shows a refusal beside the form', async () => {
    server = await startTestServer();
    cameras.push(await startCamera(server.url, server.captureToken, 'porch', { fps: 5, transport: 'socketio' }));
    const { page } = (monitor = await openMonitor(browser(), server.url));
    await waitFor(async () => (await monitor!.cameraStatus('porch')) === 'live', 'the camera live');
    await openSettings(page, 'recording');
    const state = `${fold('porch')} [data-testid="rec-state"]`;
    await waitFor(async () => (await page.textContent(state)) === 'Not recording (off)', 'the camera shown not recording');

    await page.click(`${fold('porch')} summary`);
    // Off: nothing about motion is asked.
    expect(await page.isVisible(`${fold('porch')} [data-testid="rec-motion"]`)).toBe(false);
    await page.selectOption(`${fold('porch')} [data-testid="rec-mode"]`, 'continuous');
    await page.selectOption(`${fold('porch')} [data-testid="rec-format"]`, 'jpeg');
    await page.fill(`${fold('porch')} [data-testid="rec-fps"]`, '4');
    await page.fill(`${fold('porch')} [data-testid="rec-retention"]`, '3');
    // Continuous: motion detection can be switched off; pre/post-roll belong to motion mode only.
    expect(await page.isVisible(`${fold('porch')} [data-testid="rec-motion-enabled"]`)).toBe(true);
    expect(await page.isVisible(`${fold('porch')} [data-testid="rec-preroll"]`)).toBe(false);
    await page.click(`${fold('porch')} [data-testid="rec-save"]`);
    await waitFor(
      async () => (await page.textContent(`${fold('porch')} [data-testid="rec-message"]`)) === 'Saved: the relay uses these settings now.',
      'the save confirmed',
    );
    expect(server.recording.settingsOf('porch')).toMatchObject({ mode: 'continuous', format: 'jpeg', fps: 4, retentionDays: 3, quotaMb: 0 });
    await waitFor(async () => /^Recording · [\d,]+ frames kept/.test((await page.textContent(state)) ?? ''), 'the camera shown recording', 20_000);

    // A value the relay refuses: its words beside the form, the field marked.
    await page.fill(`${fold('porch')} [data-testid="rec-threshold"]`, '999');
    await page.click(`${fold('porch')} [data-testid="rec-save"]`);
    const message = `${fold('porch')} [data-testid="rec-message"]`;
    await waitFor(async () => (await page.textContent(message))?.includes('"Threshold" must be a number from 1 to 255'), 'the refusal shown');
    expect(await page.textContent(message)).toContain('Correct the marked field and save again.');
    expect(await page.getAttribute(`${fold('porch')} [data-testid="rec-threshold"]`, 'aria-invalid')).toBe('true');
    expect(server.recording.settingsOf('porch').motion.threshold).toBe(25);
  });
});
