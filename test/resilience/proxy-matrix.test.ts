/**
 * The reverse proxies people run, configured as docs/deployment.md prints them (real nginx,
 * Apache, HAProxy and Caddy from Debian): through each, a capture client sends and the Live
 * Monitor in Chromium draws, over WebSocket where the proxy passes the upgrade and over polling
 * where it does not; where the proxy keeps the page from working, the page says why and how to fix it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { missingProxies, printedConfig, startProxy, type ProxyKind, type RunningProxy } from '../helpers/proxies.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { patient, waitFor } from '../helpers/wait.js';

interface Row {
  name: string;
  kind: ProxyKind;
  language: string;
  /** A line of the printed block that picks it out. */
  marker: string;
  /** What the page and the capture client should end up on; `refused`: the page shows why instead. */
  expect: 'websocket' | 'polling' | 'refused';
}

const ROWS: Row[] = [
  { name: 'nginx, documented', kind: 'nginx', language: 'nginx', marker: 'server_name cams.example;\n  location / {\n', expect: 'websocket' },
  { name: 'nginx, bare proxy_pass', kind: 'nginx', language: 'nginx', marker: 'location / { proxy_pass', expect: 'refused' },
  { name: 'Apache, mod_proxy_http', kind: 'apache', language: 'apache', marker: 'ProxyPreserveHost On\n  ProxyPass', expect: 'polling' },
  { name: 'Apache, + mod_proxy_wstunnel', kind: 'apache', language: 'apache', marker: 'RewriteEngine On', expect: 'websocket' },
  { name: 'HAProxy, minimal', kind: 'haproxy', language: 'haproxy', marker: 'frontend camrelay', expect: 'websocket' },
  { name: 'Caddy, reverse_proxy', kind: 'caddy', language: 'caddyfile', marker: 'reverse_proxy', expect: 'websocket' },
];

const missing = missingProxies();
const runnable = browserAvailable() && missing.length === 0;
if (!runnable && process.env.CI === 'true') throw new Error(`The proxy matrix needs ${missing.join(', ')} (installed by .ci/run).`);
if (missing.length) console.warn(`\n*** The proxy matrix is SKIPPED: ${missing.join(', ')} not installed (apt-get install nginx apache2 haproxy caddy). ***\n`);

describe.runIf(runnable)('the proxy matrix (docs/deployment.md, as printed)', () => {
  const browser = useBrowser();
  let server: TestServer;
  const table: string[] = [];

  beforeAll(async () => (server = await startTestServer()));
  afterAll(async () => {
    console.log(
      `[proxy-matrix]\n| proxy | capture client | first frame acked | Live Monitor | first frame drawn |\n|---|---|---|---|---|\n${table.join('\n')}`,
    );
    await stopTestServer(server);
  });

  for (const [i, row] of ROWS.entries()) {
    it(`${row.name}: ${row.expect === 'refused' ? 'frames from the camera; the page says why it cannot sign in and what to change' : `frames both ways, over ${row.expect}`}`, async () => {
      let proxy: RunningProxy | undefined;
      let camera: TestCamera | undefined;
      const page = await browser().newPage();
      try {
        proxy = await startProxy(row.kind, printedConfig(row.language, row.marker), server.port);
        const cameraId = `cam-${i}`;
        const cameraStarted = Date.now();
        camera = await startCamera(proxy.url, server.captureToken, cameraId, { transport: 'auto', fps: 10 });
        await waitFor(() => camera!.client.stats.acked > 0, 'a first frame acked through the proxy');
        const ackMs = Date.now() - cameraStarted;
        if (row.expect === 'websocket') await waitFor(() => camera!.client.stats.link === 'websocket', 'the capture client on websocket');
        else await waitFor(() => camera!.client.stats.acked > 10, 'ten frames acked');
        const captureLink = camera.client.stats.link;
        expect(captureLink).toBe(row.expect === 'websocket' ? 'websocket' : 'polling');

        const login = await page.request.post(`${proxy.url}/api/login`, { data: TEST_ADMIN, headers: { origin: proxy.url } });
        const opened = Date.now();
        await page.goto(`${proxy.url}/`);
        if (row.expect === 'refused') {
          expect(login.status()).toBe(403);
          await page.waitForSelector('[data-testid="relay-banner"]:visible', { timeout: patient(10_000) });
          expect(await page.getAttribute('[data-testid="relay-banner"]', 'data-code')).toBe('BAD_ORIGIN');
          expect(await page.textContent('[data-testid="relay-banner-detail"]')).toContain('proxy_set_header Host $http_host');
          table.push(`| ${row.name} | ${captureLink} | ${ackMs} ms | refused: BAD_ORIGIN banner with the fix after ${Date.now() - opened} ms | – |`);
          return;
        }
        expect(login.status()).toBe(200);
        const tile = `[data-testid="camera-tile"][data-camera-id="${cameraId}"] [data-testid="frame-count"]`;
        await waitFor(async () => Number((await page.textContent(tile).catch(() => '0')) ?? 0) > 0, 'a first frame drawn through the proxy');
        const drawnMs = Date.now() - opened;
        const transport = () => page.textContent('[data-testid="connection-transport"]');
        if (row.expect === 'websocket') await waitFor(async () => (await transport()) === 'websocket', 'the page on websocket');
        else await waitFor(async () => Number(await page.textContent(tile)) > 10, 'ten frames drawn');
        expect(await transport()).toBe(row.expect);
        table.push(`| ${row.name} | ${captureLink} | ${ackMs} ms | ${row.expect} | ${drawnMs} ms |`);
      } finally {
        await page.close();
        camera?.stop();
        await proxy?.stop();
      }
    });
  }
});
