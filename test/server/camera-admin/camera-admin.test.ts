import { existsSync } from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraInfo } from '../../../shared/protocol.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

let server: TestServer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  cleanups.splice(0).forEach((c) => c());
  await stopTestServer(server);
  server = undefined;
});

function camera(id: string, opts: Parameters<typeof startCamera>[3] = {}): Promise<TestCamera> {
  return startCamera(server!.url, opts.token ?? server!.captureToken, id, { transport: 'socketio', ...opts }).then((c) => {
    cleanups.push(() => c.stop());
    return c;
  });
}

function viewer(): TestViewer {
  const v = connectViewer(server!.url);
  cleanups.push(() => v.close());
  return v;
}

/** A state change as the Live Monitor sends it: session cookie, same origin, JSON. */
async function change(cookie: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server!.url}${route}`, {
    method,
    headers: { cookie, ...sameOrigin(server!), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function cameras(): Promise<CameraInfo[]> {
  return (await (await fetch(`${server!.url}/api/cameras`, { headers: server!.adminAuth })).json()) as CameraInfo[];
}

/** One frame of `id` by HTTP POST: the camera is known, and offline 5 s later. */
async function postFrame(id: string): Promise<void> {
  const headers = { authorization: `Bearer ${server!.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-captured-at': String(Date.now()) };
  const res = await fetch(`${server!.url}/api/cameras/${id}/frames`, { method: 'POST', body: (await makeJpeg()) as Uint8Array<ArrayBuffer>, headers });
  expect(res.status).toBe(202);
}

describe('cameras that persist', () => {
  it('keeps cameras, their names, groups and order over a restart, offline, with their last frame and its age', async () => {
    server = await startTestServer();
    const { dataDir } = server;
    const pictures = { porch: await makeJpeg(64, 48, 1), yard: await makeJpeg(80, 60, 2) };
    const porch = await camera('porch', { frames: [pictures.porch], name: 'Porch cam' });
    const yard = await camera('yard', { frames: [pictures.yard] });
    await waitFor(async () => (await cameras()).filter((c) => c.status === 'live').length === 2, 'both cameras live');
    const cookie = await login(server);
    const renamed = await change(cookie, 'PATCH', '/api/cameras/porch', { name: 'Front porch', group: 'Outside' });
    expect(renamed).toMatchObject({ status: 200, json: { ok: true, camera: { id: 'porch', name: 'Front porch', group: 'Outside', status: 'live' } } });
    expect(await change(cookie, 'PUT', '/api/cameras/order', { ids: ['yard', 'porch'] })).toEqual({ status: 200, json: { ok: true, ids: ['yard', 'porch'] } });
    porch.stop();
    yard.stop();
    await stopTestServer(server, false);

    server = await startTestServer({ dataDir });
    const before = Date.now();
    const listed = await cameras();
    expect(listed).toMatchObject([
      { id: 'yard', name: 'yard', group: null, online: false, status: 'offline', width: 80, height: 60, framesIn: 0, ingest: null },
      { id: 'porch', name: 'Front porch', group: 'Outside', online: false, status: 'offline', width: 64, height: 48 },
    ]);
    expect(listed.every((c) => typeof c.lastFrameAt === 'number' && c.lastFrameAt <= before)).toBe(true);
    // The same list, in the same order, for a viewer on /monitor.
    const v = viewer();
    await waitFor(() => v.cameras.length === 2, 'the camera list on /monitor');
    expect(v.cameras.map((c) => [c.id, c.name, c.status])).toEqual([
      ['yard', 'yard', 'offline'],
      ['porch', 'Front porch', 'offline'],
    ]);

    const res = await fetch(`${server.url}/api/cameras/porch/snapshot.jpg`, { headers: server.adminAuth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(pictures.porch)).toBe(true);
    const age = Number(res.headers.get('x-frame-age-ms'));
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60_000);
    const modified = Date.parse(res.headers.get('last-modified') ?? '');
    expect(Math.abs(Date.now() - age - modified)).toBeLessThan(2000);
    expect(res.headers.get('x-frame-seq')).toBeNull(); // read back from disk: no sequence number
  });

  it('answers CAMERA_OFFLINE for a known camera with no stored frame, saying since when once that is known', async () => {
    server = await startTestServer();
    // A capture client that connects and leaves before sending anything.
    const socket = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'shed' },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
    });
    await waitFor(() => server!.relay.cameras.get('shed')?.status === 'starting', 'the camera connected');
    const connected = await fetch(`${server.url}/api/cameras/shed/snapshot.jpg`, { headers: server.adminAuth });
    expect(connected.status).toBe(404);
    expect(await connected.json()).toMatchObject({ error: 'NO_FRAME' });
    socket.close();
    await waitFor(() => server!.relay.cameras.get('shed')?.status === 'offline', 'the camera offline');
    const snapshot = async () => {
      const res = await fetch(`${server!.url}/api/cameras/shed/snapshot.jpg`, { headers: server!.adminAuth });
      return { status: res.status, ...((await res.json()) as { error: string; message: string }) };
    };
    // It never sent a frame: no lastFrameAt, so no "since".
    expect(await snapshot()).toMatchObject({ status: 404, error: 'CAMERA_OFFLINE', message: 'The camera "shed" is offline and no frame of it is stored.' });
    await stopTestServer(server, false);
    // After a restart its last sighting is its lastFrameAt.
    server = await startTestServer({ dataDir: server.dataDir });
    const since = new Date(server.relay.cameras.get('shed')!.lastFrameAt!).toISOString();
    expect(await snapshot()).toMatchObject({
      status: 404,
      error: 'CAMERA_OFFLINE',
      message: `The camera "shed" is offline since ${since} and no frame of it is stored.`,
    });
  });
});

describe('PATCH /api/cameras/:cameraId', () => {
  it("shows the admin's name and group to every viewer at once, over the capture client's name", async () => {
    server = await startTestServer();
    await camera('porch', { name: 'Porch cam' });
    const v = viewer();
    await waitFor(() => v.cameras.some((c) => c.id === 'porch' && c.name === 'Porch cam'), 'the camera at the viewer');
    const cookie = await login(server);
    const at = Date.now();
    expect((await change(cookie, 'PATCH', '/api/cameras/porch', { name: 'Front door', group: 'Outside' })).status).toBe(200);
    await waitFor(() => v.cameras.some((c) => c.id === 'porch' && c.name === 'Front door' && c.group === 'Outside'), 'the new name at the viewer', 2000);
    console.log(`[cameras] a rename reached a viewer ${Date.now() - at} ms after the PATCH was sent`);
    expect((await change(cookie, 'PATCH', '/api/cameras/porch', { name: null })).json).toMatchObject({ camera: { name: 'Porch cam', group: 'Outside' } });
  });
});

describe('DELETE /api/cameras/:cameraId', () => {
  it('removes the camera, its stored frame and its own tokens: a client on such a token is refused', async () => {
    server = await startTestServer();
    const cookie = await login(server);
    const created = await change(cookie, 'POST', '/api/camera-tokens', { cameraId: 'porch', label: 'porch' });
    const secret = created.json.secret as string;
    const porch = await camera('porch', { token: secret });
    await waitFor(() => existsSync(path.join(server!.dataDir, 'cameras', 'porch.jpg')), 'its frame on disk');

    expect(await change(cookie, 'DELETE', '/api/cameras/porch')).toEqual({ status: 200, json: { ok: true, revokedTokens: 1, recordings: 'kept' } });
    expect((await cameras()).map((c) => c.id)).not.toContain('porch');
    await waitFor(() => porch.events.includes('kicked:REVOKED'), 'the capture client told REVOKED');
    await waitFor(() => !existsSync(path.join(server!.dataDir, 'cameras', 'porch.jpg')), 'its frame gone from disk');
    const tokens = (await (await fetch(`${server.url}/api/camera-tokens`, { headers: server.adminAuth })).json()) as { tokens: unknown[] };
    expect(tokens.tokens).toEqual([]);
    const again = io(`${server.url}/capture`, { auth: { token: secret, cameraId: 'porch' }, forceNew: true, reconnection: false, transports: ['websocket'] });
    const refusal = await new Promise<string>((resolve) =>
      again.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message)),
    );
    again.close();
    expect(['REVOKED', 'BAD_TOKEN']).toContain(refusal);
    expect((await cameras()).map((c) => c.id)).not.toContain('porch');
  });

  it('lets a camera on the site-wide token come back as a new camera, at the end, with its own name', async () => {
    server = await startTestServer();
    const cookie = await login(server);
    await camera('yard', { name: 'Yard cam' });
    await postFrame('porch');
    await waitFor(async () => (await cameras()).length === 2, 'both cameras listed');
    await change(cookie, 'PUT', '/api/cameras/order', { ids: ['yard', 'porch'] });
    await change(cookie, 'PATCH', '/api/cameras/yard', { name: 'Renamed', group: 'Outside' });
    expect(await change(cookie, 'DELETE', '/api/cameras/yard')).toEqual({ status: 200, json: { ok: true, revokedTokens: 0, recordings: 'kept' } });
    const back = await waitFor(async () => (await cameras()).find((c) => c.id === 'yard' && c.status === 'live'), 'the camera back', 10_000);
    expect(back).toMatchObject({ name: 'Yard cam', group: null });
    expect((await cameras()).map((c) => c.id)).toEqual(['porch', 'yard']);
  });
});

describe('admin routes for cameras', () => {
  it('refuse a viewer (FORBIDDEN), Basic auth and other origins (BAD_ORIGIN), and strangers (AUTH_REQUIRED)', async () => {
    server = await startTestServer();
    await postFrame('porch');
    const admin = await login(server);
    expect((await change(admin, 'POST', '/api/users', { username: 'watcher', password: 'watcher-password', role: 'viewer', cameras: '*' })).status).toBe(201);
    const watcher = await login(server, { username: 'watcher', password: 'watcher-password' });
    const routes: Array<[string, string, unknown]> = [
      ['PATCH', '/api/cameras/porch', { name: 'x' }],
      ['PUT', '/api/cameras/order', { ids: ['porch'] }],
      ['DELETE', '/api/cameras/porch', undefined],
    ];
    for (const [method, route, body] of routes) {
      expect(await change(watcher, method, route, body), `${method} ${route} as a viewer`).toMatchObject({ status: 403, json: { error: 'FORBIDDEN' } });
      const json: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      const basic = await fetch(`${server.url}${route}`, { method, headers: { ...server.adminAuth, ...json }, body: JSON.stringify(body) });
      expect([basic.status, ((await basic.json()) as { error: string }).error], `${method} ${route} with Basic`).toEqual([403, 'BAD_ORIGIN']);
      const foreign = await fetch(`${server.url}${route}`, {
        method,
        headers: { cookie: admin, origin: 'http://evil.example', ...json },
        body: JSON.stringify(body),
      });
      expect([foreign.status, ((await foreign.json()) as { error: string }).error], `${method} ${route} from another origin`).toEqual([403, 'BAD_ORIGIN']);
      const stranger = await fetch(`${server.url}${route}`, { method, headers: { ...sameOrigin(server), ...json }, body: JSON.stringify(body) });
      expect([stranger.status, ((await stranger.json()) as { error: string }).error], `${method} ${route} signed out`).toEqual([401, 'AUTH_REQUIRED']);
    }
    expect((await cameras()).find((c) => c.id === 'porch')).toMatchObject({ name: 'porch' });
  });

  it.each<[string, string, string, unknown, number, string]>([
    ['a name over 100 characters', 'PATCH', '/api/cameras/porch', { name: 'x'.repeat(101) }, 400, 'BAD_REQUEST'],
    ['a group over 64 characters', 'PATCH', '/api/cameras/porch', { group: 'g'.repeat(65) }, 400, 'BAD_REQUEST'],
    ['a name with a line break', 'PATCH', '/api/cameras/porch', { name: 'line\nbreak' }, 400, 'BAD_NAME'],
    ['an empty change', 'PATCH', '/api/cameras/porch', {}, 400, 'BAD_REQUEST'],
    ['an unknown field', 'PATCH', '/api/cameras/porch', { name: 'x', order: 3 }, 400, 'BAD_REQUEST'],
    ['broken JSON', 'PATCH', '/api/cameras/porch', '{"name": ', 400, 'BAD_REQUEST'],
    ['a 20 KB body', 'PATCH', '/api/cameras/porch', { name: 'x'.repeat(20_000) }, 413, 'BODY_TOO_LARGE'],
    ['a bad camera id', 'PATCH', '/api/cameras/bad.id', { name: 'x' }, 400, 'BAD_CAMERA_ID'],
    ['an unknown camera', 'PATCH', '/api/cameras/ghost', { name: 'x' }, 404, 'UNKNOWN_CAMERA'],
    ['ids that are not a list', 'PUT', '/api/cameras/order', { ids: 'porch' }, 400, 'BAD_REQUEST'],
    ['a camera twice in the order', 'PUT', '/api/cameras/order', { ids: ['porch', 'porch'] }, 400, 'BAD_REQUEST'],
    ['a bad camera id in the order', 'PUT', '/api/cameras/order', { ids: ['no spaces'] }, 400, 'BAD_CAMERA_ID'],
    ['the delete of an unknown camera', 'DELETE', '/api/cameras/ghost', undefined, 404, 'UNKNOWN_CAMERA'],
  ])('answer %s (%s %s) with its own code, changing nothing', async (_what, method, route, body, status, error) => {
    server = await startTestServer();
    await postFrame('porch');
    const cookie = await login(server);
    expect(await change(cookie, method, route, body)).toMatchObject({ status, json: { ok: false, error } });
    expect((await cameras()).map((c) => [c.id, c.name, c.group])).toEqual([['porch', 'porch', null]]);
  });
});
