import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../../server/auth/store.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';
import { login, sameOrigin } from './helpers/session.js';

let server: TestServer | undefined;
let healthy: Healthy | undefined;
let camera: TestCamera | undefined;
afterEach(async () => {
  camera?.stop();
  healthy?.stop();
  await stopTestServer(server);
  server = healthy = camera = undefined;
});

/** True while a /capture socket for this camera is connected on the server. */
function connected(cameraId: string): boolean {
  return [...server!.io.of('/capture').sockets.values()].some((s) => s.data.cameraId === cameraId);
}

/** A /capture handshake: 'connected', or the refusal's code. */
function handshake(token: string, cameraId: string): Promise<string> {
  const socket = io(`${server!.url}/capture`, { auth: { token, cameraId }, forceNew: true, reconnection: false, transports: ['websocket'] });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
  }).finally(() => socket.close());
}

/** Streams `cameraId` with its own token until the viewer has its frames. */
async function streaming(cameraId: string, secret: string): Promise<TestCamera> {
  // Socket.IO only: after the kick, an HTTP fallback would retry the dead token and count failures.
  const cam = await startCamera(server!.url, secret, cameraId, { transport: 'socketio', fps: 20 });
  await waitFor(() => healthy!.viewer.frames.filter((f) => f.cameraId === cameraId).length >= 5, `frames of ${cameraId} at the viewer`);
  expect(connected(cameraId)).toBe(true);
  return cam;
}

/** After the disconnect: no more frames of `cameraId` while the healthy camera sends 20 more. */
async function noMoreFrames(cameraId: string): Promise<void> {
  const seen = healthy!.viewer.frames.filter((f) => f.cameraId === cameraId).length;
  await healthy!.stillFlowing(20);
  // At most one frame was already on its way to the viewer when the socket went.
  expect(healthy!.viewer.frames.filter((f) => f.cameraId === cameraId).length).toBeLessThanOrEqual(seen + 1);
}

describe('revoking a camera token mid-stream', () => {
  it('disconnects the camera within 5 s of DELETE /api/camera-tokens/:id, stops its frames and refuses its reconnect', async () => {
    server = await startTestServer();
    healthy = await startHealthy(server);
    const cookie = await login(server);
    const created = await fetch(`${server.url}/api/camera-tokens`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
      body: JSON.stringify({ cameraId: 'porch', label: 'porch camera' }),
    });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string }; secret: string };
    camera = await streaming('porch', secret);

    const started = Date.now();
    const revoked = await fetch(`${server.url}/api/camera-tokens/${token.id}`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
    expect(revoked.status).toBe(200);
    await waitFor(() => !connected('porch'), 'the camera disconnected', 5000, 10);
    const ms = Date.now() - started;
    console.log(`revoked over the API: camera disconnected ${ms} ms after the DELETE was sent`);
    await waitFor(() => camera!.events.some((e) => e.startsWith('kicked:') || e === 'disconnected'), 'the capture client to hear of it', 5000);

    await noMoreFrames('porch');
    expect(['BAD_TOKEN', 'REVOKED']).toContain(await handshake(secret, 'porch'));
    const post = await fetch(`${server.url}/api/cameras/porch/frames`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1' },
      body: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
    });
    expect(post.status).toBe(401);
    expect(connected('porch')).toBe(false);
    await healthy.stillFlowing();
  });

  it('disconnects the camera within 5 s when another process (the admin CLI) revokes the token in the store files', async () => {
    server = await startTestServer();
    healthy = await startHealthy(server);
    const { token, secret } = server.store.createToken('garage', 'garage camera');
    camera = await streaming('garage', secret);

    const started = Date.now();
    expect(new AuthStore(server.dataDir).revokeToken(token.id)).toBeTruthy();
    await waitFor(() => !connected('garage'), 'the camera disconnected', 5000, 10);
    const ms = Date.now() - started;
    console.log(`revoked from another process: camera disconnected ${ms} ms after the store file changed`);

    await noMoreFrames('garage');
    expect(['BAD_TOKEN', 'REVOKED']).toContain(await handshake(secret, 'garage'));
    await healthy.stillFlowing();
  });
});
