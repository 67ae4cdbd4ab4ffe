/**
 * TLS ended at a proxy: the relay believes the proxy's word on the scheme (X-Forwarded-Proto or
 * Forwarded) only with CAMRELAY_TRUST_PROXY, for its Origin checks, Secure cookies and WebSockets.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardedProto } from '../../server/auth/origin.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';

describe('forwardedProto', () => {
  it('reads X-Forwarded-Proto first, then RFC 7239 Forwarded, the first hop of each', () => {
    expect(forwardedProto({ 'x-forwarded-proto': 'https, http' })).toBe('https');
    expect(forwardedProto({ forwarded: 'for=10.0.0.1;proto=https;host=cams.example' })).toBe('https');
    expect(forwardedProto({ forwarded: 'for="[2001:db8::1]";proto="HTTPS", for=10.0.0.2;proto=http' })).toBe('https');
    expect(forwardedProto({ forwarded: 'for=10.0.0.1;host=x' })).toBeNull();
    expect(forwardedProto({})).toBeNull();
  });
});

describe('a relay behind a TLS proxy', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await stopTestServer(server);
    server = undefined;
  });

  const login = (s: TestServer, headers: Record<string, string>) =>
    fetch(`${s.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://127.0.0.1:${s.port}`, ...headers },
      body: JSON.stringify(TEST_ADMIN),
    });

  /** A WebSocket handshake as a page at https://… would make it through the proxy: 'open' or the status. */
  const upgrade = (s: TestServer, headers: Record<string, string>) =>
    new Promise<number | 'open'>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${s.port}/socket.io/?EIO=4&transport=websocket`, {
        headers: { origin: `https://127.0.0.1:${s.port}`, ...headers },
      });
      ws.once('open', () => (ws.terminate(), resolve('open')));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });

  for (const [name, header] of [
    ['X-Forwarded-Proto', { 'x-forwarded-proto': 'https' }],
    ['Forwarded', { forwarded: 'for=10.0.0.9;proto=https' }],
  ] as const) {
    it(`believes ${name} from a trusted proxy: same-origin for https pages, a Secure cookie, WebSockets`, async () => {
      server = await startTestServer({ trustProxy: true });
      const res = await login(server, header);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      expect(await upgrade(server, header)).toBe('open');
    });
  }

  it('ignores the same headers from a peer it does not trust: the https page is another origin', async () => {
    server = await startTestServer({ trustProxy: false });
    const res = await login(server, { 'x-forwarded-proto': 'https', forwarded: 'proto=https' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('BAD_ORIGIN');
    expect(body.message).toContain(`https://127.0.0.1:${server.port}`);
    // engine.io refuses an upgrade it does not allow with a plain 400.
    expect(await upgrade(server, { 'x-forwarded-proto': 'https' })).toBe(400);
  });
});
