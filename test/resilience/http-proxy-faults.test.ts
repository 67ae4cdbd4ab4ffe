import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { HttpProxy } from '../helpers/http-proxy.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { report } from '../helpers/report.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(browserAvailable())('resilience: HTTP-level faults between the parties', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let proxy: HttpProxy | undefined;
  let camera: TestCamera | undefined;
  let monitor: MonitorPage | undefined;

  afterEach(async () => {
    camera?.stop();
    await monitor?.close();
    await proxy?.close();
    await stopTestServer(server);
    camera = monitor = proxy = server = undefined;
  });

  it('row 2: a WebSocket upgrade answered with HTTP 500 leaves both legs on polling, frames flowing, without an error loop', async () => {
    server = await startTestServer();
    proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
    proxy.faults = { refuseUpgrade: true };
    const started = Date.now();
    camera = await startCamera(proxy.url, server.captureToken, 'hall');
    monitor = await openMonitor(browser(), proxy.url);
    await waitFor(async () => (await monitor!.frameCount('hall')) > 0, 'a first frame drawn');
    const firstFrameMs = Date.now() - started;
    const count = await monitor.frameCount('hall');
    await waitFor(async () => (await monitor!.frameCount('hall')) > count + 40, 'forty more frames drawn');
    expect(await monitor.connectionStatus()).toBe('connected');
    expect(await monitor.transport()).toBe('polling');
    expect(await monitor.cameraStatus('hall')).toBe('live');
    expect(await monitor.ingest('hall')).toBe('polling');
    expect(camera.client.stats.link).toBe('polling');
    // One upgrade try per connection (two connections: the page and the capture client), not a loop.
    expect(proxy.upgradeAttempts).toBeLessThanOrEqual(4);
    expect(camera.client.stats.reconnects).toBe(0);
    report('row 2 (upgrade → 500)', { 'first frame': firstFrameMs, 'upgrade attempts': String(proxy.upgradeAttempts) });
  });

  it('row 3: with Socket.IO blocked for the capture client, frames go by HTTP POST and the camera stays live; it returns to Socket.IO when unblocked', async () => {
    server = await startTestServer();
    proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
    proxy.faults = { block: /^\/socket\.io\// };
    monitor = await openMonitor(browser(), server.url);
    const started = Date.now();
    camera = await startCamera(proxy.url, server.captureToken, 'garage');
    await waitFor(async () => (await monitor!.ingest('garage')) === 'http', 'the tile to show ingest http');
    const fallbackMs = Date.now() - started;
    const count = await monitor.frameCount('garage');
    await waitFor(async () => (await monitor!.frameCount('garage')) > count + 20, 'frames drawn while on http');
    expect(await monitor.cameraStatus('garage')).toBe('live');
    proxy.faults = {};
    const unblocked = Date.now();
    await waitFor(async () => (await monitor!.ingest('garage')) === 'websocket', 'the tile back on websocket', 15_000);
    const backMs = Date.now() - unblocked;
    expect(await monitor.cameraStatus('garage')).toBe('live');
    report('row 3 (Socket.IO blocked for capture)', { 'fallback to http': fallbackMs, 'back on websocket after unblock': backMs });
  });
});
