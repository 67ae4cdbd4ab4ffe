/**
 * Every name a person types, through its real route (#55 item 8): camera names and groups, zone
 * names, IP camera names, camera and stream token labels, user names, and the name a capture
 * client announces by Socket.IO or HTTP. C0, DEL, C1 and bidirectional controls are refused with
 * BAD_NAME naming the field; a name with accents, CJK and emoji is taken.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { login, sameOrigin } from './helpers/session.js';

/** One of each kind of character refused, inside an ordinary name. */
const REFUSED: Array<[string, string]> = [
  ['a C0 bell', 'Drive\u0007way'],
  ['a line break', 'Drive\nway'],
  ['DEL', 'Drive\u007fway'],
  ['C1 NEL', 'Drive\u0085way'],
  ['C1 CSI', 'Drive\u009b31m'],
  ['a right-to-left override', 'Drive\u202eyaw'],
  ['an isolate', '\u2066Driveway\u2069'],
  ['a right-to-left mark', 'Drive\u200fway'],
];
const GOOD = 'Entrée 北門 🚗';

const square = (name: string) => ({
  name,
  points: [
    { x: 0, y: 0 },
    { x: 1, y: 0 },
    { x: 1, y: 1 },
  ],
});

describe('names people type', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await login(server);
    // The camera the routes name: known once it sent one frame.
    const headers = { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-captured-at': String(Date.now()) };
    const res = await fetch(`${server.url}/api/cameras/porch/frames`, { method: 'POST', body: (await makeJpeg()) as Uint8Array<ArrayBuffer>, headers });
    expect(res.status).toBe(202);
  });
  afterAll(() => stopTestServer(server));

  async function send(method: string, route: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** Each name route: the request carrying `name`, and the field a refusal names. */
  const ROUTES: Array<[string, (name: string) => Promise<{ status: number; json: Record<string, unknown> }>, string]> = [
    ['a camera name', (name) => send('PATCH', '/api/cameras/porch', { name }), 'name'],
    ['a camera group', (name) => send('PATCH', '/api/cameras/porch', { group: name }), 'group'],
    ['a zone name', (name) => send('PUT', '/api/cameras/porch/detection', { zones: [square(name)] }), 'zones'],
    ['a camera token label', (name) => send('POST', '/api/camera-tokens', { cameraId: 'porch', label: name }), 'label'],
    ['a stream token label', (name) => send('POST', '/api/cameras/porch/stream-tokens', { label: name }), 'label'],
    // Nothing listens on port 9: the capture process of an accepted camera waits and retries.
    ['an IP camera name', (name) => send('PUT', '/api/admin/ip-cameras/gate', { name, kind: 'snapshot', url: 'http://127.0.0.1:9/snap.jpg' }), 'name'],
  ];

  it.each(ROUTES)('refuses %s holding C0, DEL, C1 or bidi controls with BAD_NAME, and takes accents, CJK and emoji', async (_what, put, field) => {
    for (const [kind, name] of REFUSED) {
      const answer = await put(name);
      expect({ kind, status: answer.status, json: answer.json }).toMatchObject({ kind, status: 400, json: { error: 'BAD_NAME', field } });
    }
    const taken = await put(GOOD);
    expect(taken.status, JSON.stringify(taken.json)).toBeLessThan(300);
    expect(JSON.stringify(taken.json)).toContain(GOOD);
  });

  it('refuses a user name holding them with BAD_NAME (the rest of a user name is A-Z a-z 0-9 _ . -)', async () => {
    for (const [kind, name] of REFUSED) {
      const answer = await send('POST', '/api/users', { username: name, password: 'a-long-password', role: 'viewer', cameras: '*' });
      expect({ kind, status: answer.status, json: answer.json }).toMatchObject({ kind, status: 400, json: { error: 'BAD_NAME', field: 'username' } });
    }
    const accented = await send('POST', '/api/users', { username: GOOD, password: 'a-long-password', role: 'viewer', cameras: '*' });
    expect(accented).toMatchObject({ status: 400, json: { error: 'BAD_REQUEST' } });
    expect((await send('POST', '/api/users', { username: 'anna.b', password: 'a-long-password', role: 'viewer', cameras: '*' })).status).toBe(201);
  });

  it('refuses a capture client announcing such a name over Socket.IO or HTTP, and takes a good one', async () => {
    const handshake = (name: string) => {
      const socket = io(`${server.url}/capture`, {
        auth: { token: server.captureToken, cameraId: 'yard', name },
        forceNew: true,
        reconnection: false,
        transports: ['websocket'],
      });
      return new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
      }).finally(() => socket.close());
    };
    const post = async (name: string) => {
      const headers = { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-camera-name': name };
      const res = await fetch(`${server.url}/api/cameras/gate-http/frames`, { method: 'POST', body: (await makeJpeg()) as Uint8Array<ArrayBuffer>, headers });
      return ((await res.json()) as { error?: string }).error ?? String(res.status);
    };
    for (const [kind, name] of REFUSED) expect({ kind, code: await handshake(name) }).toEqual({ kind, code: 'BAD_NAME' });
    expect(await handshake(GOOD)).toBe('connected');
    // A header carries bytes as Latin-1 and no line breaks: C1 is what gets through.
    expect(await post('Drive\u0085way')).toBe('BAD_NAME');
    expect(await post('Entrée')).toBe('202');
  });
});
