import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';

const ALICE = { username: 'alice', password: 'alice-password-1' };
let server: TestServer;
let healthy: Healthy;
let cameraB: TestCamera;
const viewers: TestViewer[] = [];
const alice = () => ({ authorization: `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}` });

beforeAll(async () => {
  server = await startTestServer();
  server.store.putUser({ username: ALICE.username, role: 'viewer', cameras: ['cam-a'], password: await hashPassword(ALICE.password) });
  // cam-a is the healthy camera (alice may watch it); cam-b is the one she must learn nothing about.
  healthy = await startHealthy(server, 'cam-a');
  cameraB = await startCamera(server.url, server.captureToken, 'cam-b', { transport: 'socketio', name: 'Secret room' });
  await waitFor(() => healthy.viewer.frames.some((f) => f.cameraId === 'cam-b'), 'cam-b live for the admin');
});
afterAll(async () => {
  viewers.forEach((v) => v.close());
  cameraB?.stop();
  healthy?.stop();
  await stopTestServer(server);
});

/** Connects alice on /monitor and waits until she is in (one password check at a time per address). */
async function aliceViewer(cameraIds: string[] | '*'): Promise<TestViewer> {
  const v = connectViewer(server.url, { transports: ['websocket'], auth: ALICE, cameraIds });
  viewers.push(v);
  await waitFor(() => v.socket.connected, `alice connected, subscribed to ${JSON.stringify(cameraIds)}`);
  return v;
}

/** Status and body of a GET, as bytes (an MJPEG stream is cut after its headers if it ever starts). */
function fetchRaw(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(`${server.url}${path}`, { headers, agent: false }, (res) => {
      if (res.statusCode === 200) {
        res.destroy();
        return resolve({ status: 200, body: '' });
      }
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('per-camera authorization', () => {
  it('sends a viewer allowed camera A only frames and list entries of A, whatever it subscribes to', async () => {
    const onlyB = await aliceViewer(['cam-b']);
    const all = await aliceViewer('*');
    const both = await aliceViewer(['cam-a', 'cam-b', 'nope']);
    const ack = (await onlyB.socket.timeout(5000).emitWithAck('subscribe', { cameraIds: ['cam-b'] })) as { ok: boolean; cameraIds: string[] };
    expect(ack).toEqual({ ok: true, cameraIds: [] });
    await waitFor(
      () => all.frames.filter((f) => f.cameraId === 'cam-a').length >= 10 && both.frames.filter((f) => f.cameraId === 'cam-a').length >= 10,
      'ten frames of cam-a at alice',
    );
    for (const v of [onlyB, all, both]) {
      expect(v.frames.filter((f) => f.cameraId !== 'cam-a')).toEqual([]);
      expect(v.cameras.map((c: CameraInfo) => c.id)).toEqual(['cam-a']);
    }
    expect(JSON.stringify(all.cameras)).not.toContain('Secret room');
    await healthy.stillFlowing();
  });

  it('answers B and never-seen ids alike (404 UNKNOWN_CAMERA) on the list, snapshot, MJPEG and metrics', async () => {
    const list = await fetch(`${server.url}/api/cameras`, { headers: alice() });
    const listed = (await list.json()) as CameraInfo[];
    expect(listed.map((c) => c.id)).toEqual(['cam-a']);
    // Control: alice does get A's snapshot and stream; the admin does get B's.
    expect((await fetchRaw('/api/cameras/cam-a/snapshot.jpg', alice())).status).toBe(200);
    expect((await fetchRaw('/api/cameras/cam-a/stream.mjpeg', alice())).status).toBe(200);
    expect((await fetchRaw('/api/cameras/cam-b/snapshot.jpg', server.adminAuth)).status).toBe(200);

    const paths = (id: string) => [
      `/api/cameras/${id}/snapshot.jpg`,
      `/api/cameras/${id}/snapshot.jpg?width=32`,
      `/api/cameras/${id}/stream.mjpeg`,
      `/api/cameras/${id}/stream.mjpeg?fps=1`,
    ];
    const answersForB = await Promise.all(paths('cam-b').map((p) => fetchRaw(p, alice())));
    for (const answer of answersForB) {
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: 'UNKNOWN_CAMERA' });
    }
    const unknown = await Promise.all(paths('never-seen').map((p) => fetchRaw(p, alice())));
    expect(unknown).toEqual(answersForB);

    // 200 guessed ids: each answered exactly as B is, so B's existence cannot be told apart.
    const guesses = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? `cam-${i}` : randomBytes(6).toString('hex')));
    for (let i = 0; i < guesses.length; i += 20) {
      const answers = await Promise.all(guesses.slice(i, i + 20).map((id) => fetchRaw(`/api/cameras/${id}/snapshot.jpg`, alice())));
      for (const answer of answers) expect(answer).toEqual(answersForB[0]);
    }

    const metrics = await fetchRaw('/metrics', alice());
    expect([401, 403]).toContain(metrics.status);
    expect(metrics.body).not.toContain('cam-b');
    await healthy.stillFlowing();
  });
});
