import { request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, KEEP_ALIVE_MS, listen } from '../../../server/http/listen.js';

const servers: Array<{ close: () => void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function get(port: number, agent: Agent): Promise<{ keepAlive: string; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, agent, path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ keepAlive: String(res.headers['keep-alive']), socket: req.socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createHttpServer', () => {
  it('keeps an idle connection open longer than clients do, and says so, so a reused socket is never reset under a request (CI 33)', async () => {
    const http = createHttpServer(null, (_req, res) => res.end('ok'));
    const port = await listen(http, 0, '127.0.0.1');
    servers.push({ close: () => (http.closeAllConnections(), http.close()) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    servers.push({ close: () => agent.destroy() });

    const first = await get(port, agent);
    const second = await get(port, agent);
    expect(first.keepAlive).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
    expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000); // nginx's upstream keepalive_timeout
    expect(second.socket).toBe(first.socket);
    expect((http.address() as AddressInfo).port).toBe(port);
  });
});
