/** PTZ through the relay (#29): a real relay on port 0, a Socket.IO capture-side stand-in, real viewers. */
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../../server/auth/passwords.js';
import type { PtzCommand, PtzReply } from '../../../../shared/ptz.js';
import { PTZ_CAPS, startPtzCamera } from '../../../helpers/ptz-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../../helpers/viewer.js';
import { startLoggedServer } from '../../../security/helpers/logged-server.js';
import { waitFor } from '../../../helpers/wait.js';

const VIEWER = { username: 'ptz-viewer', password: 'ptz-viewer-password' };

describe('PtzRelay', () => {
  let server: TestServer | undefined;
  const closers: Array<{ close(): void }> = [];
  afterEach(async () => {
    closers.splice(0).forEach((c) => c.close());
    await stopTestServer(server);
    server = undefined;
  });

  async function setUp(caps?: unknown) {
    server = await startTestServer();
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    const camera = await startPtzCamera(server.url, server.captureToken, 'dome', caps);
    const admin = connectViewer(server.url);
    closers.push(camera, admin);
    return { camera, admin };
  }

  const send = (viewer: TestViewer, cameraId: string, command: unknown) =>
    new Promise<PtzReply>((resolve) => viewer.socket.emit('ptz', { cameraId, command }, resolve));
  const move: PtzCommand = { op: 'move', pan: 0.5, tilt: 0, zoom: 0 };

  it('shows the capture side’s caps on the camera for viewers, and drops them when its connection ends', async () => {
    const { camera } = await setUp();
    const viewer = connectViewer(server!.url, { auth: VIEWER });
    closers.push(viewer);
    await waitFor(() => viewer.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz on the viewer’s camera list');
    expect(viewer.cameras.find((c) => c.id === 'dome')?.ptz).toEqual(PTZ_CAPS);
    camera.close();
    await waitFor(() => viewer.cameras.some((c) => c.id === 'dome' && !c.ptz), 'ptz gone with the capture connection');
  });

  it('ignores caps that are not caps', async () => {
    await setUp({ pan: 'yes', presets: [] });
    const viewer = connectViewer(server!.url, { auth: VIEWER });
    closers.push(viewer);
    await waitFor(() => viewer.cameras.some((c) => c.id === 'dome'), 'the camera listed');
    expect(viewer.cameras.find((c) => c.id === 'dome')?.ptz).toBeUndefined();
    expect(await send(connectTracked(), 'dome', move)).toMatchObject({ ok: false, error: 'PTZ_UNAVAILABLE' });
  });

  it('logs 1,000 malformed caps from one capture client in one line, and still takes good caps after them', async () => {
    const logged = await startLoggedServer();
    server = logged;
    const camera = await startPtzCamera(logged.url, logged.captureToken, 'dome', { pan: 'yes' });
    closers.push(camera);
    for (let i = 0; i < 1000; i++) camera.socket.emit('ptz-caps', { pan: i, presets: 'no' });
    // One connection's events are handled in order: good caps after the bad ones say they were all heard.
    camera.socket.emit('ptz-caps', PTZ_CAPS);
    await waitFor(() => logged.relay.cameras.getLocal('dome')?.ptz, 'the good caps taken');
    const lines = logged
      .logText()
      .split('\n')
      .filter((l) => l.includes('ptz-caps'));
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ code: 'BAD_PTZ_CAPS', cameraId: 'dome' });
  });

  function connectTracked() {
    const v = connectViewer(server!.url);
    closers.push(v);
    return v;
  }

  it('passes an admin’s move, stop and preset to the capture side and returns its answer', async () => {
    const { camera, admin } = await setUp();
    await waitFor(() => admin.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz listed');
    expect(await send(admin, 'dome', move)).toEqual({ ok: true });
    expect(await send(admin, 'dome', { op: 'stop' })).toEqual({ ok: true });
    camera.answer = { ok: false, error: 'PTZ_FAILED', message: 'The camera says: preset not found.' };
    expect(await send(admin, 'dome', { op: 'preset', preset: 'p1' })).toEqual(camera.answer);
    expect(camera.commands).toEqual([move, { op: 'stop' }, { op: 'preset', preset: 'p1' }]);
  });

  it('refuses a viewer with FORBIDDEN, and a bad command with BAD_PTZ, sending nothing on', async () => {
    const { camera, admin } = await setUp();
    const viewer = connectViewer(server!.url, { auth: VIEWER });
    closers.push(viewer);
    await waitFor(() => viewer.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz listed');
    expect(await send(viewer, 'dome', move)).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(await send(admin, 'dome', { op: 'move', pan: 2, tilt: 0, zoom: 0 })).toMatchObject({ ok: false, error: 'BAD_PTZ' });
    expect(await send(admin, 'dome', { op: 'preset', preset: 'nope' })).toMatchObject({ ok: false, error: 'BAD_PTZ' });
    expect(await send(admin, 'nowhere', move)).toMatchObject({ ok: false, error: 'PTZ_UNAVAILABLE' });
    expect(camera.commands).toEqual([]);
  });

  it('refuses a camera of another cluster node with PTZ_UNAVAILABLE while the other nodes cannot be reached, saying so', async () => {
    const { admin } = await setUp();
    // As cluster mode's CameraSync hands the relay another node's announcement.
    const far = {
      id: 'far',
      name: 'Far',
      online: true,
      status: 'live' as const,
      lastFrameAt: null,
      fps: 5,
      framesIn: 1,
      ingest: 'websocket' as const,
      width: 64,
      height: 48,
      ptz: PTZ_CAPS,
    };
    server!.relay.cameras.setRemote(() => [far]);
    server!.relay.cameras.changed();
    await waitFor(() => admin.cameras.find((c) => c.id === 'far')?.ptz, 'the other node’s camera with its ptz');
    const reply = await send(admin, 'far', move);
    expect(reply).toMatchObject({ ok: false, error: 'PTZ_UNAVAILABLE' });
    // No Redis here at all: as a cluster node whose Redis is away (ptz-cluster.test.ts has the real one).
    expect(!reply.ok && reply.message).toMatch(/another relay node, which cannot be reached now/);
  });

  it('refuses the 11th command in a second with PTZ_TOO_FAST, while a stop still passes', async () => {
    const { camera, admin } = await setUp();
    await waitFor(() => admin.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz listed');
    // All eleven sent at once, so they land within one second however slow the machine is.
    const replies = await Promise.all(Array.from({ length: 11 }, () => send(admin, 'dome', move)));
    expect(replies.filter((r) => r.ok)).toHaveLength(10);
    expect(replies.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['PTZ_TOO_FAST']);
    expect(await send(admin, 'dome', { op: 'stop' })).toEqual({ ok: true });
    expect(camera.commands.at(-1)).toEqual({ op: 'stop' });
  });

  it('answers PTZ_FAILED when the capture side does not answer', async () => {
    const { camera, admin } = await setUp();
    await waitFor(() => admin.cameras.find((c) => c.id === 'dome')?.ptz, 'ptz listed');
    camera.answer = null;
    const reply = await send(admin, 'dome', move);
    expect(reply).toMatchObject({ ok: false, error: 'PTZ_FAILED' });
    expect(!reply.ok && reply.message).toMatch(/capture side did not answer/);
    expect(camera.commands).toEqual([move]);
  });
});
