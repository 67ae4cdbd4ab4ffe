/**
 * PTZ across cluster nodes (#29): two real relay nodes on one real redis-server, a Socket.IO
 * capture-side stand-in on node B, real viewers on node A.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../../server/auth/passwords.js';
import type { PtzCommand, PtzReply } from '../../../../shared/ptz.js';
import { PTZ_CAPS, startPtzCamera, type PtzCamera } from '../../../helpers/ptz-camera.js';
import { redisAvailable, startRedis, type TestRedis } from '../../../helpers/redis.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../../helpers/viewer.js';
import { waitFor } from '../../../helpers/wait.js';

const VIEWER = { username: 'ptz-viewer', password: 'ptz-viewer-password' };
const move: PtzCommand = { op: 'move', pan: 0.5, tilt: 0, zoom: 0 };

describe.runIf(redisAvailable())('PtzCluster', () => {
  let redis: TestRedis | undefined;
  const nodes: TestServer[] = [];
  const closers: Array<{ close(): void }> = [];
  afterEach(async () => {
    closers.splice(0).forEach((c) => c.close());
    for (const n of nodes.splice(0)) await stopTestServer(n);
    await redis?.stop();
    redis = undefined;
  });

  /** Node A with an admin viewer, node B (same data folder, as docs/scaling.md asks) holding `dome`. */
  async function setUp(): Promise<{ a: TestServer; b: TestServer; camera: PtzCamera; admin: TestViewer }> {
    redis = await startRedis();
    const a = await startTestServer({ redisUrl: redis.url });
    nodes.push(a);
    const b = await startTestServer({ redisUrl: redis.url, dataDir: a.dataDir });
    nodes.push(b);
    const camera = await startPtzCamera(b.url, b.captureToken, 'dome');
    const admin = connectViewer(a.url);
    closers.push(camera, admin);
    // Node B's caps reach node A's list (camera-sync.ts), so A's single view shows the PTZ pad.
    await waitFor(() => admin.cameras.find((c) => c.id === 'dome')?.ptz, 'dome with its ptz in node A’s list', 15_000);
    expect(admin.cameras.find((c) => c.id === 'dome')?.ptz).toEqual(PTZ_CAPS);
    return { a, b, camera, admin };
  }

  const send = (viewer: TestViewer, cameraId: string, command: unknown) =>
    new Promise<PtzReply>((resolve) => viewer.socket.emit('ptz', { cameraId, command }, resolve));

  it('carries an admin’s move, stop and preset on node A to the capture side on node B, and its answer back', async () => {
    const { camera, admin } = await setUp();
    expect(await send(admin, 'dome', move)).toEqual({ ok: true });
    expect(await send(admin, 'dome', { op: 'stop' })).toEqual({ ok: true });
    camera.answer = { ok: false, error: 'PTZ_FAILED', message: 'The camera says: preset not found.' };
    expect(await send(admin, 'dome', { op: 'preset', preset: 'p1' })).toEqual(camera.answer);
    expect(camera.commands).toEqual([move, { op: 'stop' }, { op: 'preset', preset: 'p1' }]);
  });

  it('refuses a viewer with FORBIDDEN, an unknown preset with BAD_PTZ and a camera on no node with PTZ_UNAVAILABLE, sending nothing on', async () => {
    const { a, camera, admin } = await setUp();
    a.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    const viewer = connectViewer(a.url, { auth: VIEWER });
    closers.push(viewer);
    await waitFor(() => viewer.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz listed for the viewer on A');
    expect(await send(viewer, 'dome', move)).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(await send(admin, 'dome', { op: 'preset', preset: 'nope' })).toMatchObject({ ok: false, error: 'BAD_PTZ' });
    expect(await send(admin, 'nowhere', move)).toMatchObject({ ok: false, error: 'PTZ_UNAVAILABLE' });
    expect(camera.commands).toEqual([]);
  });

  it('counts the rate once, on the node that holds the camera: viewers on both nodes share its 10 a second', async () => {
    const { b, camera, admin } = await setUp();
    const onB = connectViewer(b.url);
    closers.push(onB);
    await waitFor(() => onB.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz listed on B');
    // All eleven sent at once, so they land within one second however slow the machine is.
    const replies = await Promise.all([
      ...Array.from({ length: 6 }, () => send(admin, 'dome', move)),
      ...Array.from({ length: 5 }, () => send(onB, 'dome', move)),
    ]);
    expect(replies.filter((r) => r.ok)).toHaveLength(10);
    expect(replies.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['PTZ_TOO_FAST']);
    expect(camera.commands).toHaveLength(10);
  });

  it('answers PTZ_FAILED within the timeout when the capture side on node B does not answer', async () => {
    const { camera, admin } = await setUp();
    camera.answer = null;
    const at = Date.now();
    const reply = await send(admin, 'dome', move);
    expect(reply).toMatchObject({ ok: false, error: 'PTZ_FAILED' });
    expect(!reply.ok && reply.message).toMatch(/capture side did not answer/);
    // Node B waits 6 s for its capture side; node A gives up at 7.5 s at the latest, before the dashboard's 8 s.
    expect(Date.now() - at).toBeLessThan(8000);
    expect(camera.commands).toEqual([move]);
  });

  it('refuses at once with PTZ_UNAVAILABLE while Redis is away, saying the other node cannot be reached', async () => {
    const { a, camera, admin } = await setUp();
    await redis!.stop();
    await waitFor(() => a.cluster!.state() === 'degraded', 'node A degraded');
    const at = Date.now();
    const reply = await send(admin, 'dome', move);
    expect(reply).toMatchObject({ ok: false, error: 'PTZ_UNAVAILABLE' });
    expect(!reply.ok && reply.message).toMatch(/cannot be reached now/);
    expect(Date.now() - at).toBeLessThan(1000);
    expect(camera.commands).toEqual([]);
  });
});
