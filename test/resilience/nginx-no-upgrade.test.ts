/**
 * Hostile-network matrix, row 1: a reverse proxy without WebSocket upgrade headers (the classic
 * nginx mistake). Real relay, real Debian nginx, a real capture client and the Live Monitor in
 * headless Chromium: both legs must stay on long-polling and frames must still flow.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_FETCH_PATH, type Link } from '../../shared/protocol.js';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { nginxAvailable, startNginx, type RunningNginx } from '../helpers/nginx.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

// Generous: two loaded cores run the relay, nginx, the capture client and Chromium at once.
const DEADLINE_MS = 20_000;
const TEST_TIMEOUT_MS = 90_000;
const CAMERA = 'lobby';

describe.runIf(browserAvailable() && nginxAvailable())('nginx in front of the relay', () => {
  let browser: Browser;
  let server: TestServer | undefined;
  let nginx: RunningNginx | undefined;
  let camera: TestCamera | undefined;
  let monitor: MonitorPage | undefined;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    camera?.stop();
    await monitor?.close().catch(() => {});
    await nginx?.stop();
    await stopTestServer(server);
    camera = monitor = nginx = server = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Relay, nginx and a connected Live Monitor, then a camera; resolves at its first drawn frame. */
  async function startThroughNginx(websocket: boolean): Promise<{ timeToFirstFrameMs: number; firstCount: number }> {
    server = await startTestServer();
    nginx = await startNginx({ upstreamPort: server.port, websocket });
    monitor = await openMonitor(browser, nginx.url);
    const m = monitor;
    await waitFor(async () => (await m.connectionStatus()) === 'connected', 'the Live Monitor connected through nginx', DEADLINE_MS);
    const startedAt = Date.now();
    camera = await startCamera(nginx.url, server.captureToken, CAMERA);
    const first = await waitFor(async () => (await m.draws()).find((d) => d.cameraId === CAMERA), 'a first frame drawn in the browser', DEADLINE_MS);
    await waitFor(async () => (await m.frameCount(CAMERA)) > 0, 'the tile counting frames', DEADLINE_MS);
    return { timeToFirstFrameMs: first.at - startedAt, firstCount: await m.frameCount(CAMERA) };
  }

  /** Every indicator of both legs, read at once. */
  async function links(): Promise<{ monitor: string | null; tileIngest: string | null; registryIngest: Link | null | undefined; capture: Link | null }> {
    return {
      monitor: await monitor!.transport(),
      tileIngest: await monitor!.ingest(CAMERA),
      registryIngest: server!.relay.cameras.getLocal(CAMERA)?.ingest,
      capture: camera!.client.stats.link,
    };
  }

  const allOn = (link: Link) => ({ monitor: link, tileIngest: link, registryIngest: link, capture: link });

  it(
    'keeps both legs on long-polling when nginx drops the upgrade headers, and frames still flow (matrix row 1)',
    async () => {
      const { timeToFirstFrameMs, firstCount } = await startThroughNginx(false);
      // On polling the page takes each JPEG by reference, with a plain GET through nginx (frame-ref).
      let fetched = 0;
      server!.http.prependListener('request', (req) => void (req.url?.startsWith(FRAME_FETCH_PATH) && fetched++));
      console.log(`[resilience] row 1: nginx without upgrade headers, capture client start → first frame drawn in Chromium: ${timeToFirstFrameMs} ms`);
      const m = monitor!;
      expect(await m.connectionStatus()).toBe('connected');
      await waitFor(async () => (await m.cameraStatus(CAMERA)) === 'live', 'the tile saying live', DEADLINE_MS);
      // Both Socket.IO clients probe the upgrade right after the handshake; it must have failed by now.
      await waitFor(
        async () => (await m.ingest(CAMERA)) === 'polling' && camera!.client.stats.link === 'polling',
        'the camera connected on polling',
        DEADLINE_MS,
      );
      expect(await links()).toEqual(allOn('polling'));

      // Long enough for an upgrade to have happened had the proxy let it through: still polling.
      await waitFor(async () => (await m.frameCount(CAMERA)) >= firstCount + 20, '20 more frames drawn', DEADLINE_MS);
      expect(await m.connectionStatus()).toBe('connected');
      expect(await m.cameraStatus(CAMERA)).toBe('live');
      expect(await links()).toEqual(allOn('polling'));
      expect(camera!.events.filter((e) => e === 'link')).toEqual([]);
      expect(fetched).toBeGreaterThanOrEqual(10);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'upgrades both legs to websocket when nginx forwards the upgrade headers (the control)',
    async () => {
      const { timeToFirstFrameMs, firstCount } = await startThroughNginx(true);
      console.log(`[resilience] row 1 control: nginx with upgrade headers, capture client start → first frame drawn in Chromium: ${timeToFirstFrameMs} ms`);
      const m = monitor!;
      await waitFor(async () => (await m.transport()) === 'websocket', 'the Live Monitor upgraded to websocket', DEADLINE_MS);
      await waitFor(
        async () => (await m.ingest(CAMERA)) === 'websocket' && camera!.client.stats.link === 'websocket',
        'the camera upgraded to websocket',
        DEADLINE_MS,
      );
      await waitFor(async () => (await m.frameCount(CAMERA)) >= firstCount + 20, '20 more frames drawn', DEADLINE_MS);
      expect(await m.connectionStatus()).toBe('connected');
      expect(await m.cameraStatus(CAMERA)).toBe('live');
      expect(await links()).toEqual(allOn('websocket'));
    },
    TEST_TIMEOUT_MS,
  );
});
