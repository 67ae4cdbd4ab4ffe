import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { HttpProxy } from '../helpers/http-proxy.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(browserAvailable())('Diagnostics panel in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let proxy: HttpProxy | undefined;
  let monitor: MonitorPage | undefined;

  afterEach(async () => {
    await monitor?.close();
    await proxy?.close();
    await stopTestServer(server);
    monitor = proxy = server = undefined;
  });

  const text = (m: MonitorPage, id: string) => m.page.textContent(`[data-testid="${id}"]`);

  it('shows which transports work from this browser: websocket failed behind a proxy that refuses upgrades, polling ok', async () => {
    server = await startTestServer();
    proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
    proxy.faults = { refuseUpgrade: true };
    monitor = await openMonitor(browser(), proxy.url);
    await waitFor(async () => (await monitor!.connectionStatus()) === 'connected', 'connected');
    await monitor.page.click('[data-testid="diagnostics-toggle"]');
    await waitFor(async () => (await text(monitor!, 'diag-transport-polling'))?.startsWith('ok'), 'the polling probe ok');
    await waitFor(async () => (await text(monitor!, 'diag-transport-websocket'))?.startsWith('failed'), 'the websocket probe failed');
    // Each figure says "—" until its answer has come (a ping's round trip, the version): on a loaded box after the probes.
    const shows = (id: string, want: RegExp) => waitFor(async () => want.test((await text(monitor!, id)) ?? ''), `${id} to match ${want}`);
    await shows('diag-server-version', /^\d+\.\d+\.\d+$/);
    await shows('diag-rtt', /\d+ ms/);
    await shows('diag-clock-offset', /ms/);
    expect(await text(monitor, 'diag-events')).toContain('connect (polling)');

    // Lift the fault: "Test again" tells the new truth.
    proxy.faults = {};
    await monitor.page.click('[data-testid="diag-retest"]');
    await waitFor(async () => (await text(monitor!, 'diag-transport-websocket'))?.startsWith('ok'), 'the websocket probe ok after the fault is lifted');
  });
});
