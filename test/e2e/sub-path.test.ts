/**
 * docs/deployment.md's sub-path configuration, in the real nginx as printed: the Live Monitor at
 * /cams/ signs in, upgrades to WebSocket and draws; capture clients send through /cams on both
 * transports; the capture command the page shows carries the prefix.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { nginxAvailable, startNginx, type RunningNginx } from '../helpers/nginx.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const doc = readFileSync(new URL('../../docs/deployment.md', import.meta.url), 'utf8');
const printed = /```nginx\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Under a sub-path')))![1]!;

describe.runIf(browserAvailable() && nginxAvailable())('the Live Monitor under a sub-path, behind nginx as docs/deployment.md prints it', () => {
  const browser = useBrowser();
  let server: TestServer;
  let nginx: RunningNginx;
  const cameras: TestCamera[] = [];

  beforeAll(async () => {
    server = await startTestServer({ trustProxy: true });
    nginx = await startNginx({
      upstreamPort: server.port,
      websocket: true,
      httpConfig: (port) => printed.replace('listen 80;', `listen 127.0.0.1:${port};`).replace('127.0.0.1:3000', `127.0.0.1:${server.port}`),
    });
  });
  afterAll(async () => {
    cameras.forEach((c) => c.stop());
    await nginx?.stop();
    await stopTestServer(server);
  });

  it('sends frames through /cams over Socket.IO and HTTP POST', async () => {
    const base = `${nginx.url}/cams`;
    const socketio = await startCamera(base, server.captureToken, 'porch', { transport: 'socketio', fps: 10 });
    const http = await startCamera(base, server.captureToken, 'shed', { transport: 'http', fps: 10 });
    cameras.push(socketio, http);
    await waitFor(() => socketio.client.stats.acked > 3 && http.client.stats.acked > 3, 'frames acked on both transports');
    expect(server.relay.cameras.get('porch')?.ingest).not.toBe('http');
    expect(server.relay.cameras.get('shed')?.ingest).toBe('http');
  });

  it('signs in at /cams/, connects over WebSocket, draws, and gives camera PCs an address with the prefix', async () => {
    const page = await browser().newPage();
    await page.goto(`${nginx.url}/cams`);
    expect(page.url()).toBe(`${nginx.url}/cams/`);
    await page.waitForSelector('[data-testid="login-form"]:visible');
    // Styled: the stylesheet came through the prefix.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).not.toBe('');
    await page.fill('[data-testid="login-username"]', TEST_ADMIN.username);
    await page.fill('[data-testid="login-password"]', TEST_ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await waitFor(async () => (await page.textContent('[data-testid="connection-transport"]')) === 'websocket', 'the WebSocket upgrade through nginx');
    await waitFor(async () => Number(await page.textContent('[data-camera-id="porch"] [data-testid="frame-count"]')) > 3, 'frames drawn');
    const links = await page.evaluate(() => new URL('api/cameras/porch/snapshot.jpg', document.baseURI).href);
    expect((await page.request.get(links)).status()).toBe(200);
    const capture = await page.evaluate(() => fetch('api/capture-server').then((r) => r.json() as Promise<{ url: string }>));
    expect(capture.url).toBe(`${nginx.url}/cams`);
    await page.close();
  });

  it('draws over long-polling too, its frames fetched under the prefix, when WebSocket cannot pass', async () => {
    const page = await browser().newPage();
    // As a proxy further out that drops WebSocket upgrades would.
    await page.routeWebSocket(/socket\.io/, (ws) => ws.close());
    const frameGets: string[] = [];
    page.on('request', (r) => r.url().includes('/api/monitor/frames/') && frameGets.push(new URL(r.url()).pathname));
    await page.request.post(`${nginx.url}/cams/api/login`, { data: TEST_ADMIN, headers: { origin: nginx.url } });
    await page.goto(`${nginx.url}/cams/`);
    await waitFor(async () => Number(await page.textContent('[data-camera-id="porch"] [data-testid="frame-count"]')) > 3, 'frames drawn over polling');
    expect(await page.textContent('[data-testid="connection-transport"]')).toBe('polling');
    expect(frameGets.length).toBeGreaterThan(0);
    expect(frameGets.every((p) => p.startsWith('/cams/api/monitor/frames/'))).toBe(true);
    await page.close();
  });
});
