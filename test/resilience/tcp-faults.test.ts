import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { noisyJpeg } from '../helpers/jpeg.js';
import { drawsInOrder, openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { report } from '../helpers/report.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe.runIf(browserAvailable())('resilience: TCP-level faults on both legs', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let proxies: FaultProxy[] = [];
  let camera: TestCamera | undefined;
  let monitor: MonitorPage | undefined;

  afterEach(async () => {
    camera?.stop();
    await monitor?.close();
    await Promise.all(proxies.map((p) => p.close()));
    await stopTestServer(server);
    camera = monitor = server = undefined;
    proxies = [];
  });

  /** A relay with the capture client and the browser each behind its own fault proxy. */
  async function setup(cameraId: string, opts: Parameters<typeof startCamera>[3] = {}) {
    server = await startTestServer();
    const [ingest, egress] = await Promise.all([FaultProxy.start(server.port), FaultProxy.start(server.port)]);
    proxies = [ingest, egress];
    monitor = await openMonitor(browser(), egress.url);
    camera = await startCamera(ingest.url, server.captureToken, cameraId, opts);
    await waitFor(async () => (await monitor!.frameCount(cameraId)) > 5, 'frames drawn before the faults');
    return { ingest, egress, monitor, camera, server };
  }

  it('row 4: connections cut every few seconds: both sides come back, nothing is drawn out of order, nothing leaks', async () => {
    const { ingest, egress, monitor, server } = await setup('porch');
    await monitor.clearDraws();
    const recoveries: number[] = [];
    for (let cut = 0; cut < 4; cut++) {
      const before = (await monitor.draws()).length;
      const at = Date.now();
      ingest.cutAll();
      egress.cutAll();
      await waitFor(async () => (await monitor.draws()).length > before + 3, `frames again after cut ${cut + 1}`, 15_000);
      recoveries.push(Date.now() - at);
    }
    const draws = await monitor.draws();
    expect(drawsInOrder(draws)).toBe(true);
    // One viewer and one capture connection on the server, however many connections came and went.
    await waitFor(() => server.relay.viewerCount === 1, 'exactly one viewer left on the server');
    expect(Math.max(...server.relay.viewerLoad().map((l) => l.held))).toBeLessThanOrEqual(2);
    expect(ingest.accepted + egress.accepted).toBeGreaterThan(8);
    report('row 4 (connections cut 4×)', { 'recovery median': median(recoveries), 'recovery max': Math.max(...recoveries) });
  });

  it('a black-holed network shows as reconnecting within two heartbeats, and frames return when it clears', async () => {
    const { egress, monitor, server } = await setup('gate');
    const heartbeat = server.config.pingIntervalMs;
    egress.faults.blackhole = true;
    const at = Date.now();
    await waitFor(async () => (await monitor.connectionStatus()) === 'reconnecting', 'the page to say reconnecting', 4 * heartbeat, 100);
    const noticedMs = Date.now() - at;
    expect(await monitor.cameraStatus('gate')).not.toBe('live');
    egress.faults.blackhole = false;
    egress.cutAll(); // the half-open connections a black hole leaves behind
    const count = await monitor.frameCount('gate');
    await waitFor(async () => (await monitor.frameCount('gate')) > count, 'frames after the network clears', 15_000);
    report('black-holed network', { 'page said reconnecting after': noticedMs, heartbeat });
  });

  it('row 5: 300 ms latency and a bandwidth cap below the bitrate: fewer frames, never a growing delay', async () => {
    const frames = await Promise.all([0, 1, 2].map((n) => noisyJpeg(320, 240, n)));
    const bytesPerFrame = frames.reduce((a, f) => a + f.length, 0) / frames.length;
    const fps = 15;
    const { ingest, egress, monitor, camera } = await setup('yard', { fps, frames });
    // The cap is half the stream's bitrate, on both legs.
    const cap = Math.round((bytesPerFrame * fps) / 2);
    for (const p of [ingest, egress]) Object.assign(p.faults, { latencyMs: 300, bytesPerSecond: cap });
    await monitor.clearDraws();
    const start = Date.now();
    await waitFor(() => Date.now() - start > 16_000, 'sixteen seconds under the faults', 20_000, 500);
    const draws = (await monitor.draws()).filter((d) => d.cameraId === 'yard');
    const early = draws.filter((d) => d.at - start < 8000 && d.at - start > 3000).map((d) => d.latencyMs);
    const late = draws.filter((d) => d.at - start >= 11_000).map((d) => d.latencyMs);
    expect(late.length).toBeGreaterThan(5);
    // A queue anywhere would make the delay climb through the run; newest-wins keeps it flat.
    expect(median(late)).toBeLessThan(median(early) + 1000);
    // Half the bitrate cannot carry every frame: the capture client drops rather than queues.
    expect(camera.client.stats.dropped).toBeGreaterThan(0);
    report('row 5 (300 ms + half bitrate)', {
      'delay early (median)': median(early),
      'delay late (median)': median(late),
      'fps drawn': String((draws.length / 16).toFixed(1)),
    });
  });
});
