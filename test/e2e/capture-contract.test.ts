/**
 * The capture engine's contract, held by both of its hosts against a real relay behind a proxy: the
 * Node capture client (a CaptureClient fed JPEGs) and the capture page in Chromium with its fake
 * camera. Each `it` runs once per host, so the two cannot drift apart again (#27).
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.js';
import { openCapturePage, useCameraBrowser } from '../helpers/camera-page.js';
import { startCamera } from '../helpers/capture.js';
import { HttpProxy } from '../helpers/http-proxy.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** A camera sending through one host's engine, read the way that host shows it. */
interface Running {
  /** The link on the status line: polling, websocket, http, or null. */
  link(): Promise<string | null>;
  acked(): Promise<number>;
  /** The code of the refusal that ended (or holds) the run, or null. */
  refusal(): Promise<string | null>;
  stop(): Promise<void>;
}

interface Host {
  name: string;
  start(url: string, cameraId: string, token: string): Promise<Running>;
}

const node: Host = {
  name: 'the Node capture client',
  async start(url, cameraId, token) {
    const cam = await startCamera(url, token, cameraId, { fps: 10 });
    const refused = () => cam.events.find((e) => e.startsWith('refused:') || e.startsWith('kicked:'))?.split(':')[1] ?? null;
    return {
      link: async () => cam.client.stats.link,
      acked: async () => cam.client.stats.acked,
      refusal: async () => refused(),
      stop: async () => cam.stop(),
    };
  },
};

/** The capture client's status line, as the page prints it: `<id> → <link> | sent N acked N …`. */
const STATUS = /^\S+ → (\S+(?: link)?) \| sent \d+ acked (\d+) /;

function pageHost(browser: () => Browser): Host {
  return {
    name: 'the capture page in Chromium',
    async start(url, cameraId, token) {
      const capture = await openCapturePage(browser(), `${url}/capture#camera=${cameraId}&token=${token}`, { fps: 10 });
      const status = async () => STATUS.exec(await capture.status());
      return {
        link: async () => {
          const link = (await status())?.[1];
          return link === undefined || link === 'no link' ? null : link;
        },
        acked: async () => Number((await status())?.[2] ?? 0),
        refusal: async () => (await capture.refusal())?.code ?? null,
        stop: () => capture.page.context().close(),
      };
    },
  };
}

const withBrowser = browserAvailable();
const browser = withBrowser ? useCameraBrowser() : () => undefined as never;
const hosts: Host[] = [node, ...(withBrowser ? [pageHost(browser)] : [])];

describe.each(hosts)('the capture engine, run by $name', (host) => {
  let server: TestServer;
  let proxy: HttpProxy;
  const running: Running[] = [];
  const start = async (cameraId: string, token = server.captureToken) => {
    const r = await host.start(proxy.url, cameraId, token);
    running.push(r);
    return r;
  };

  beforeAll(async () => {
    server = await startTestServer();
    proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    proxy.faults = {};
  });
  afterAll(async () => {
    await proxy?.close();
    await stopTestServer(server);
  });

  it('sends by Socket.IO, upgraded to websocket, frames the relay puts on its own clock', async () => {
    const cam = await start('contract-ws');
    await waitFor(async () => (await cam.link()) === 'websocket' && (await cam.acked()) > 3, 'frames acked over websocket', 20_000);
    expect(server.relay.cameras.get('contract-ws')?.ingest).toBe('websocket');
    await waitFor(() => server.relay.latestFrame('contract-ws')?.meta.clockSynced, 'a frame stamped with the clock offset');
  });

  it('falls back to HTTP POST when Socket.IO cannot get through', async () => {
    proxy.faults = { block: /^\/socket\.io\// };
    const cam = await start('contract-http');
    await waitFor(async () => (await cam.link()) === 'http' && (await cam.acked()) > 3, 'frames acked over HTTP POST', 20_000);
    expect(server.relay.cameras.get('contract-http')?.ingest).toBe('http');
  });

  it('says a wrong token is BAD_TOKEN, by Socket.IO and by its HTTP POST fallback alike, and the relay takes no frame', async () => {
    const bySocketio = await start('contract-bad', 'mistyped-token-0123456789');
    await waitFor(async () => (await bySocketio.refusal()) === 'BAD_TOKEN', 'the refusal by Socket.IO');
    proxy.faults = { block: /^\/socket\.io\// };
    const byHttp = await start('contract-bad-http', 'mistyped-token-0123456789');
    await waitFor(async () => (await byHttp.refusal()) === 'BAD_TOKEN', 'the refusal by HTTP POST', 20_000);
    expect([server.relay.cameras.get('contract-bad'), server.relay.cameras.get('contract-bad-http')]).toEqual([undefined, undefined]);
  });

  it('says TAKEN_OVER when another client takes its camera id over', async () => {
    const cam = await start('contract-taken');
    await waitFor(async () => (await cam.acked()) > 3, 'frames acked');
    const taker = await node.start(server.url, 'contract-taken', server.captureToken);
    running.push(taker);
    await waitFor(async () => (await cam.refusal()) === 'TAKEN_OVER', 'the takeover said');
    await waitFor(async () => (await taker.acked()) > 3, "the taker's frames acked");
  });
});
