/**
 * A camera's snapshot and stream in an <img> on another page of the same site (Home Assistant on
 * the relay's machine, say): shown when that page's origin is in CAMRELAY_EMBED_ORIGINS and the
 * browser is signed in to the relay; refused by the browser (CORP) otherwise.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(browserAvailable())('camera images embedded on another page, in Chromium', () => {
  const browser = useBrowser();
  let site: Server;
  let siteOrigin: string;
  let relayUrl = '';
  const servers: TestServer[] = [];
  const cameras: TestCamera[] = [];

  beforeAll(async () => {
    // The other page: docs/integrations.md's <img> as printed, and the snapshot beside it.
    const printed = /```html\n([\s\S]*?)```/.exec(readFileSync(new URL('../../docs/integrations.md', import.meta.url), 'utf8'))![1]!.trim();
    site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      const live = printed.replaceAll('http://relay:3000', relayUrl).replaceAll('front-door', 'porch');
      res.end(`<img src="${relayUrl}/api/cameras/porch/snapshot.jpg">${live}`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    cameras.forEach((c) => c.stop());
    for (const s of servers) await stopTestServer(s);
    await new Promise((resolve) => site.close(resolve));
  });

  const statuses: string[] = [];

  /** Widths of the two images once each has loaded or failed, in a signed-in browser of its own. */
  async function shown(embedOrigins: string): Promise<number[]> {
    const server = await startTestServer({ embedOrigins });
    servers.push(server);
    cameras.push(await startCamera(server.url, server.captureToken, 'porch', { fps: 10 }));
    await waitFor(() => server.relay.latestFrame('porch'), 'a frame of the camera');
    relayUrl = server.url;
    const context = await browser().newContext();
    try {
      expect((await context.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } })).ok()).toBe(true);
      const page = await context.newPage();
      // Shown: the relay's 200 with CORP cross-origin. Not shown: the browser blocked the answer for
      // its CORP (not a 401: the browser is signed in either way).
      page.on('response', (r) => r.url().includes('/snapshot.jpg') && statuses.push(`${r.status()} ${r.headers()['cross-origin-resource-policy']}`));
      page.on('requestfailed', (r) => r.url().includes('/snapshot.jpg') && statuses.push(r.failure()?.errorText ?? 'failed'));
      await page.goto(siteOrigin);
      await page.waitForFunction(() => [...document.images].every((img) => img.complete || img.naturalWidth > 0), undefined, { timeout: 10_000 });
      return await page.$$eval('img', (imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
    } finally {
      await context.close();
    }
  }

  it('shows the snapshot and the stream on a page whose origin is listed', async () => {
    expect(await shown(siteOrigin)).toEqual([64, 64]);
    expect(statuses.splice(0)).toEqual(['200 cross-origin']);
  });

  it('shows nothing on a page that is not listed: the browser blocks the answer', async () => {
    expect(await shown('')).toEqual([0, 0]);
    expect(statuses.splice(0)).toEqual(['net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin']);
  });
});
