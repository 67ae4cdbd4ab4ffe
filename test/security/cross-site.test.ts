import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';
import { login, sameOrigin } from './helpers/session.js';

const EVIL = 'https://evil.example';
let server: TestServer;
let healthy: Healthy;

beforeAll(async () => {
  server = await startTestServer();
  healthy = await startHealthy(server);
});
afterAll(async () => {
  healthy?.stop();
  await stopTestServer(server);
});

/** Resolves with 'open', or the status and body a WebSocket upgrade was refused with. */
function upgrade(url: string, headers: Record<string, string>): Promise<string> {
  const ws = new WebSocket(url, { headers });
  return new Promise<string>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
      res.on('error', () => resolve(`${res.statusCode} ${body}`));
    });
    ws.once('error', (err) => resolve(err.message));
  }).finally(() => ws.terminate());
}

/** What the admin can see of users and tokens, read with Basic (no origin, no cookie). */
async function state(): Promise<unknown> {
  const read = async (path: string) => (await fetch(`${server.url}${path}`, { headers: server.adminAuth })).json();
  return { users: await read('/api/users'), tokens: await read('/api/camera-tokens') };
}

describe('cross-site requests', () => {
  it('refuses Socket.IO handshakes from another origin or Origin: null, on polling and on the upgrade', async () => {
    const polling = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const websocket = `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`;
    for (const origin of [EVIL, 'null', `http://127.0.0.1:${server.port + 1}`]) {
      const res = await fetch(polling, { headers: { origin } });
      expect(res.status, `polling from ${origin}`).toBe(403);
      await res.body?.cancel();
      // engine.io refuses an upgrade with 400 and the allowRequest reason as the body.
      expect(await upgrade(websocket, { origin }), `upgrade from ${origin}`).toBe('400 BAD_ORIGIN');
    }
    // Controls: the server's own origin and no Origin at all (a script) may open a session.
    for (const headers of [{ origin: server.url }, {} as Record<string, string>]) {
      const res = await fetch(polling, { headers });
      expect(res.status).toBe(200);
      await res.body?.cancel();
      expect(await upgrade(websocket, headers)).toBe('open');
    }
    // A capture client with the right token, but a foreign Origin: refused before the token matters.
    const socket = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'cross' },
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: EVIL },
    });
    const refused = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(false));
      socket.once('connect_error', () => resolve(true));
    });
    socket.close();
    expect(refused).toBe(true);
    expect(server.relay.cameras.getLocal('cross')).toBeUndefined();
    await healthy.stillFlowing();
  });

  it('refuses API requests from another origin or Origin: null, even with valid credentials', async () => {
    for (const origin of [EVIL, 'null', `http://127.0.0.1:${server.port + 1}`]) {
      for (const path of ['/api/cameras', '/api/me', '/api/users', '/api/camera-tokens', `/api/cameras/${healthy.cameraId}/snapshot.jpg`, '/metrics']) {
        const res = await fetch(`${server.url}${path}`, { headers: { ...server.adminAuth, origin } });
        expect([res.status, ((await res.json()) as { error: string }).error], `${path} from ${origin}`).toEqual([403, 'BAD_ORIGIN']);
      }
    }
    await healthy.stillFlowing();
  });

  it('refuses a forged cross-site form or fetch to every state-changing endpoint, with the admin cookie, and changes nothing', async () => {
    server.store.putUser({ username: 'victim', role: 'viewer', cameras: '*', password: await hashPassword('victim-password-1') });
    const victimToken = server.store.createToken('door');
    const cookie = await login(server);
    const before = await state();
    const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });
    const form = (body: Record<string, string>) => ({ type: 'application/x-www-form-urlencoded', body: new URLSearchParams(body).toString() });
    const endpoints: Array<[string, string, { type: string; body: string } | null]> = [
      ['POST', '/api/login', json({ username: 'admin', password: 'test-admin-password' })],
      ['POST', '/api/logout', null],
      ['POST', '/api/users', json({ username: 'evil', password: 'evil-password-1', role: 'admin', cameras: '*' })],
      ['POST', '/api/users', form({ username: 'evil', password: 'evil-password-1', role: 'admin', cameras: '*' })],
      ['DELETE', '/api/users/victim', null],
      ['POST', '/api/camera-tokens', json({ cameraId: 'evil-cam' })],
      ['POST', '/api/camera-tokens', form({ cameraId: 'evil-cam' })],
      ['DELETE', `/api/camera-tokens/${victimToken.token.id}`, null],
    ];
    // A foreign Origin, another port on this host, Origin: null (a sandboxed frame), and no Origin
    // but a browser saying cross-site (or same-site), as an old browser's form post would.
    const forgeries: Array<Record<string, string>> = [
      { origin: EVIL },
      { origin: `http://127.0.0.1:${server.port + 1}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const [method, path, body] of endpoints) {
      for (const forged of forgeries) {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: { cookie, ...forged, ...(body ? { 'content-type': body.type } : {}) },
          ...(body ? { body: body.body } : {}),
        });
        const what = `${method} ${path} ${body?.type ?? ''} with ${JSON.stringify(forged)}`;
        expect([res.status, ((await res.json()) as { error: string }).error], what).toEqual([403, 'BAD_ORIGIN']);
        expect(res.headers.get('set-cookie'), what).toBeNull();
      }
    }
    expect(await state()).toEqual(before);
    // The session survived the forged logouts; a same-origin logout (the control) ends it.
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie, ...sameOrigin(server) } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    await healthy.stillFlowing();
  });
});
