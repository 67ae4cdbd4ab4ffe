/**
 * The shaping proxy behaves as a network does: a client that half-closes after its request still
 * gets its answer through added latency. Without it, a capture client that started behind a long
 * link never connected (socket.io-client's polling sends each request on its own connection).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureClient } from '../../capture-client/capture-client.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // `agent: false`: a connection of its own, closed by the client once the request is sent.
    const req = http.request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c)).on('end', () => resolve(body));
    });
    req.on('error', reject).end();
  });
}

describe('FaultProxy', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    server = await startTestServer();
    proxy = await FaultProxy.start(server.port);
    proxy.faults.latencyMs = 300;
  });
  afterAll(async () => {
    await proxy.close();
    await stopTestServer(server);
  });

  it('answers a request sent on a connection of its own, through 300 ms each way', async () => {
    const plain = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const direct = await FaultProxy.start((plain.address() as AddressInfo).port);
    direct.faults.latencyMs = 300;
    expect(await get(`${direct.url}/`)).toBe('hello');
    await direct.close();
    plain.close();
  });

  it('lets a capture client that starts behind the long link connect and send', async () => {
    const client = new CaptureClient({ server: proxy.url, token: server.captureToken, cameraId: 'far', transport: 'socketio', fps: 5, ackTimeoutMs: 5000 });
    try {
      await waitFor(() => client.activeSender()?.link() ?? null, 'a link up through the proxy', 15_000);
      // As a camera does: a frame every 200 ms (one sent while the link upgrades may be lost).
      const jpeg = await makeJpeg(64, 48);
      await waitFor(() => (client.push({ jpeg, capturedAt: Date.now() }), client.stats.acked > 0), 'a frame acked through the proxy', 15_000, 200);
    } finally {
      client.close();
    }
  });
});
