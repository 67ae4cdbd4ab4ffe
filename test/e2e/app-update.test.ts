/**
 * A new build of the relay reaches the installed app (#31, docs/app.md): three real Vite builds,
 * served one after the other under a proxy's sub-path (/cams/) as the relay serves dashboard/dist.
 * An app open on an older build reloads onto the new one once it learns of it (brought back to the
 * front); an app opened after the update comes up on it, with one reload at most.
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_DIR } from '../../server/http/dashboard.js';
import { cachedUrls, openAppContext, waitForWorker, type AppContext } from '../helpers/app-context.js';
import { browserAvailable } from '../helpers/browser.js';
import { waitFor } from '../helpers/wait.js';

/** A real build of the Live Monitor into `outDir`, its page marked with `mark` (so the two builds differ). */
async function buildMarked(outDir: string, mark: string): Promise<void> {
  await build({
    configFile: path.join(DASHBOARD_DIR, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir },
    plugins: [{ name: 'test-mark', transformIndexHtml: (html) => html.replace('</head>', `<meta name="test-build" content="${mark}" /></head>`) }],
  });
}

describe.runIf(browserAvailable())('a new build of the relay reaches the installed app', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-app-builds-'));
  const builds = { first: path.join(dir, 'first'), second: path.join(dir, 'second'), third: path.join(dir, 'third') };
  let serving = builds.first;
  let server: Server;
  let base: string;
  let app: AppContext;

  beforeAll(async () => {
    await buildMarked(builds.first, 'first');
    await buildMarked(builds.second, 'second');
    await buildMarked(builds.third, 'third');
    const site = express();
    // Under a sub-path, as behind a proxy (docs/deployment.md): the worker's scope and the manifest's follow the page.
    site.use('/cams', (req, res, next) => express.static(serving, { maxAge: 0 })(req, res, next));
    server = site.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cams/`;
    app = await openAppContext();
    // Every document the page opens, with its build: a reload shows as one more.
    await app.context.addInitScript(() => {
      addEventListener('DOMContentLoaded', () => {
        const seen = JSON.parse(sessionStorage.getItem('documents') ?? '[]') as string[];
        seen.push(document.querySelector('meta[name="test-build"]')?.getAttribute('content') ?? '?');
        sessionStorage.setItem('documents', JSON.stringify(seen));
      });
    });
  });
  afterAll(async () => {
    await app?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const documents = () => app.page.evaluate(() => JSON.parse(sessionStorage.getItem('documents') ?? '[]') as string[]);
  const forget = () => app.page.evaluate(() => sessionStorage.removeItem('documents'));
  const built = () => app.page.evaluate(() => document.querySelector('meta[name="test-build"]')?.getAttribute('content') ?? null);

  it('installs under the sub-path, its worker scoped to it', async () => {
    await app.page.goto(base);
    await waitForWorker(app.page);
    expect(await app.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.scope))).toBe(base);
    const cdp = await app.context.newCDPSession(app.page);
    const { manifest } = (await cdp.send('Page.getAppManifest')) as { manifest: { startUrl: string; scope: string } };
    expect([manifest.startUrl, manifest.scope]).toEqual([base, base]);
    // Served by the worker from here on: the first build, from its cache.
    await app.page.reload();
    expect(await built()).toBe('first');
    expect(await app.page.evaluate(() => performance.getEntriesByType('navigation')[0]!.toJSON().workerStart > 0)).toBe(true);
  });

  it('brought back to the front, finds the new build, and reloads once onto it; the old cache is gone', async () => {
    serving = builds.second;
    await forget();
    // As when a phone brings the app back: the page asks the relay whether sw.js changed (register.ts).
    await app.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await waitFor(async () => (await documents()).length > 0, 'the page reloaded', 30_000);
    expect(await documents()).toEqual(['second']);
    const caches = new Set((await cachedUrls(app.page)).map((line) => line.split(' ')[0]));
    expect(caches.size).toBe(1);
    await app.page.reload();
    expect(await built()).toBe('second');
  });

  it('opened after an update, comes up on the new build, reloading once at most', async () => {
    serving = builds.third;
    await forget();
    await app.page.reload();
    await waitFor(async () => (await documents()).includes('third'), 'the third build', 30_000);
    // The cached build then one reload, or straight the new one when its worker won the race.
    expect([['second', 'third'], ['third']]).toContainEqual(await documents());
  });
});
