import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../helpers/jpeg.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';

const NAME = '<img src=x onerror=alert(1)>';
const HTTP_NAME = '"><svg onload=alert(2)>';

describe.runIf(browserAvailable())('camera names in the Live Monitor (Chromium)', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let healthy: Healthy | undefined;
  let camera: TestCamera | undefined;
  let monitor: MonitorPage | undefined;
  afterEach(async () => {
    await monitor?.close();
    camera?.stop();
    healthy?.stop();
    await stopTestServer(server);
    server = healthy = camera = monitor = undefined;
  });

  it('shows a name full of HTML as text: no element made from it, no script run, a strict CSP', async () => {
    server = await startTestServer();
    healthy = await startHealthy(server);
    camera = await startCamera(server.url, server.captureToken, 'evil-name', { transport: 'socketio', name: NAME, fps: 10 });
    // The HTTP ingest takes its name from a header: the same rule must hold for it.
    const posted = await fetch(`${server.url}/api/cameras/evil-header/frames`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-camera-name': HTTP_NAME },
      body: new Uint8Array(await makeJpeg(32, 24, 2)),
    });
    expect(posted.status).toBe(202);

    monitor = await openMonitor(browser(), server.url);
    const { page } = monitor;
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    // Reload with the listeners in place, so nothing the first load ran goes unseen.
    const response = await page.reload();
    const csp = response?.headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');

    const nameOf = (id: string) =>
      page.textContent(`[data-testid="camera-tile"][data-camera-id="${id}"] [data-testid="camera-name"]`, { timeout: 1000 }).catch(() => null);
    await waitFor(async () => (await nameOf('evil-name')) === NAME, 'the Socket.IO camera tile named with the literal string');
    await waitFor(async () => (await nameOf('evil-header')) === HTTP_NAME, 'the HTTP camera tile named with the literal string');
    await waitFor(async () => (await monitor!.frameCount('evil-name')) > 3, 'frames drawn in the tile');

    expect(await page.$$('img[src="x"]')).toHaveLength(0);
    expect(await page.$$('[onerror], [onload]')).toHaveLength(0);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    await healthy.stillFlowing();
  });
});
