/**
 * The Live Monitor as an app on the phone (#31, docs/app.md), in real Chromium against a real
 * relay: installable, the shell opens offline and says the relay cannot be reached, and nothing the
 * relay answers live (frames, the API, Socket.IO) is ever cached or answered by the service worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { openAppContext, cachedUrls, waitForWorker, type AppContext } from '../helpers/app-context.js';
import { browserAvailable } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** What of CDP's Network.Response this test reads. */
interface Response {
  url: string;
  fromServiceWorker?: boolean;
  /** Set once a worker controls the page: which static route matched, and where the answer came from. */
  serviceWorkerRouterInfo?: { matchedSourceType?: string };
}

/** The shell: the page, its built files, the icons, the manifest; nothing else may be cached. */
const SHELL_PATH = /^\/(index\.html|favicon\.svg|manifest\.webmanifest|assets\/[\w.-]+\.(js|css)|icons\/[\w-]+\.png)$/;

describe.runIf(browserAvailable())('the Live Monitor installed as an app', () => {
  let server: TestServer;
  let camera: TestCamera;
  let app: AppContext;
  let url: string;
  /** Every response the page got, as Chromium's network layer saw it. */
  const responses: Response[] = [];

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    server = await startTestServer();
    url = `http://127.0.0.1:${server.port}`;
    camera = await startCamera(url, server.captureToken, 'porch', { fps: 10 });
    app = await openAppContext();
    const cdp = await app.context.newCDPSession(app.page);
    await cdp.send('Network.enable');
    cdp.on('Network.responseReceived', (e) => void responses.push(e.response as Response));
    const login = await app.page.request.post(`${url}/api/login`, { data: TEST_ADMIN, headers: { origin: url } });
    expect(login.ok()).toBe(true);
  });
  afterAll(async () => {
    camera?.stop();
    await app?.close();
    await stopTestServer(server);
  });

  const frames = async () => Number(await app.page.textContent('[data-camera-id="porch"] [data-testid="frame-count"]', { timeout: 2000 }).catch(() => 0));

  it('installs: a manifest with the page as its start and scope, its icons, and a service worker in control', async () => {
    await app.page.goto(`${url}/`);
    await waitForWorker(app.page);
    const cdp = await app.context.newCDPSession(app.page);
    expect(await cdp.send('Page.getInstallabilityErrors')).toEqual({ installabilityErrors: [] });
    const { manifest, errors } = (await cdp.send('Page.getAppManifest')) as {
      manifest: { startUrl: string; scope: string; display: string; icons: { url: string }[] };
      errors: unknown[];
    };
    expect(errors).toEqual([]);
    expect(manifest.startUrl).toBe(`${url}/`);
    expect(manifest.scope).toBe(`${url}/`);
    expect(manifest.display).toBe('kFullscreen');
    for (const icon of manifest.icons) expect((await app.page.request.get(icon.url)).headers()['content-type']).toBe('image/png');
    expect(await app.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.scope))).toBe(`${url}/`);
  });

  it('never caches frames or API answers, and never answers them from the worker: they go to the network', async () => {
    // Frames over the WebSocket, then fetched over HTTP (frame-fetch) on a page that cannot upgrade.
    await app.page.reload();
    await waitFor(async () => (await frames()) > 3, 'frames drawn over Socket.IO', 20_000);
    await app.page.routeWebSocket(/socket\.io/, (ws) => ws.close());
    await app.page.reload();
    await waitFor(
      async () => (await app.page.textContent('[data-testid="connection-transport"]')) === 'polling' && (await frames()) > 3,
      'frames drawn over polling',
      20_000,
    );
    await app.page.unrouteAll();
    const live = await app.page.evaluate(async () => {
      const snapshot = await fetch('api/cameras/porch/snapshot.jpg');
      const stream = new AbortController();
      const mjpeg = await fetch('api/cameras/porch/stream.mjpeg', { signal: stream.signal });
      stream.abort();
      return [snapshot.status, mjpeg.status];
    });
    expect(live).toEqual([200, 200]);

    const relayAnswers = responses.filter((r) => /\/(api|socket\.io)\//.test(new URL(r.url).pathname));
    expect(relayAnswers.some((r) => r.url.includes('/api/monitor/frames/'))).toBe(true);
    expect(relayAnswers.filter((r) => r.fromServiceWorker).map((r) => r.url)).toEqual([]);
    // Once the worker controls the page, its static routes send these past it without waking it.
    const routed = relayAnswers.filter((r) => r.serviceWorkerRouterInfo);
    expect(routed.length).toBeGreaterThan(0);
    expect(routed.every((r) => r.serviceWorkerRouterInfo!.matchedSourceType === 'network')).toBe(true);

    const cached = (await cachedUrls(app.page)).map((line) => new URL(line.split(' ')[1]!).pathname);
    expect(cached).toContain('/index.html');
    expect(cached.filter((p) => !SHELL_PATH.test(p))).toEqual([]);
  });

  it('opens with no network, from the shell, and says plainly that the relay cannot be reached', async () => {
    await app.context.setOffline(true);
    try {
      await app.page.reload();
      await app.page.waitForSelector('[data-testid="relay-banner"]:visible', { timeout: 20_000 });
      expect(await app.page.textContent('[data-testid="relay-banner-title"]')).toMatch(/^Relay unreachable since /);
      expect(await app.page.textContent('[data-testid="relay-banner-fix"]')).toBe('Check that the relay is running and that this device is on its network.');
      // Styled: the stylesheet came from the cache too.
      expect(await app.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).not.toBe('');
    } finally {
      await app.context.setOffline(false);
    }
    // Back on the network, the page finds the relay again by itself.
    await waitFor(async () => (await frames()) > 0 && !(await app.page.isVisible('[data-testid="relay-banner"]')), 'frames again, the banner gone', 30_000);
  });
});
