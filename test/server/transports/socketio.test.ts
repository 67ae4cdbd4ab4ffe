import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { connectViewer, expectFrozenViewerHeldBack, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

let server: TestServer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  cleanups.splice(0).forEach((c) => c());
  await stopTestServer(server);
  server = undefined;
});

function viewer(opts?: Parameters<typeof connectViewer>[1]): TestViewer {
  const v = connectViewer(server!.url, opts);
  cleanups.push(() => v.close());
  return v;
}

async function camera(id: string, opts?: Parameters<typeof startCamera>[3]): Promise<TestCamera> {
  const c = await startCamera(server!.url, server!.captureToken, id, opts);
  cleanups.push(() => c.stop());
  return c;
}

describe('socketio transport', () => {
  it('carries frames from a capture client to several viewers, in order, and lists the camera live', async () => {
    server = await startTestServer();
    const viewers = [viewer(), viewer(), viewer({ transports: ['polling'] })];
    await camera('front-door', { name: 'Front door' });
    for (const v of viewers) await waitFor(() => v.frames.length >= 10, 'ten frames at each viewer');
    for (const v of viewers) {
      const seqs = v.frames.map((f) => f.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(v.frames[0]).toMatchObject({ cameraId: 'front-door', width: 64, height: 48 });
    }
    const cam = await waitFor(() => viewers[0]!.cameras.find((c) => c.id === 'front-door' && c.ingest === 'websocket'), 'the camera listed on websocket');
    expect(cam).toMatchObject({ name: 'Front door', online: true, status: 'live' });
    expect(viewers[2]!.socket.io.engine.transport.name).toBe('polling');
  });

  it('sends a viewer that says how wide it shows a camera the rendition for that width, and other viewers native frames', async () => {
    server = await startTestServer();
    const jpeg = await makeJpeg(1280, 720);
    await camera('porch', { frames: [jpeg] });
    const native = viewer();
    const small = io(`${server.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
    cleanups.push(() => small.close());
    const got: Array<{ width: number; bytes: number }> = [];
    small.on('connect', () => small.emit('subscribe', { cameraIds: '*', widths: { porch: 300 } }));
    small.on('frame', (meta: { width: number }, body: Buffer, ack: () => void) => {
      got.push({ width: meta.width, bytes: body.length });
      ack();
    });
    await waitFor(() => got.length >= 3 && native.frames.length >= 3, 'frames at both viewers');
    expect(new Set(got.map((f) => f.width))).toEqual(new Set([320]));
    expect(Math.max(...got.map((f) => f.bytes))).toBeLessThan(jpeg.length);
    expect(native.frames.every((f) => f.width === 1280)).toBe(true);
  });

  it('lets thirty viewers from one address sign in at once (one password check, the rest from the cache)', async () => {
    server = await startTestServer();
    const viewers = Array.from({ length: 30 }, () => viewer());
    await waitFor(() => viewers.every((v) => v.socket.connected), 'all thirty viewers connected', 20_000);
  });

  it('refuses a wrong token with BAD_TOKEN and accepts no frame from it', async () => {
    server = await startTestServer();
    const bad = await camera('intruder', { token: 'wrong' });
    await waitFor(() => bad.events.includes('refused:BAD_TOKEN'), 'the capture client to report BAD_TOKEN');
    expect(bad.client.stats.acked).toBe(0);
    const socket = io(`${server.url}/capture`, { auth: { token: 'wrong', cameraId: 'x' }, forceNew: true });
    cleanups.push(() => socket.close());
    const err = await new Promise<{ data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve));
    expect(err.data?.code).toBe('BAD_TOKEN');
    expect(server.relay.cameras.getLocal('x')).toBeUndefined();
    expect(server.relay.cameras.getLocal('intruder')).toBeUndefined();
  });

  it('answers oversized, non-JPEG and malformed frames with their codes and keeps serving a healthy camera', async () => {
    server = await startTestServer({ maxFrameBytes: 32 * 1024 });
    const v = viewer();
    await camera('healthy');
    await waitFor(() => v.frames.length > 0, 'the healthy camera');
    const socket = io(`${server.url}/capture`, { auth: { token: server.captureToken, cameraId: 'attacker' }, forceNew: true });
    cleanups.push(() => socket.close());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const send = (meta: unknown, data: unknown) => socket.timeout(5000).emitWithAck('frame', meta, data);
    expect(await send({ seq: 1, capturedAt: 1 }, Buffer.alloc(40 * 1024, 0xff))).toMatchObject({ ok: false, error: 'FRAME_TOO_LARGE' });
    expect(await send({ seq: 2, capturedAt: 2 }, Buffer.from('GIF89a'))).toMatchObject({ ok: false, error: 'NOT_JPEG' });
    expect(await send({ seq: 3, capturedAt: 3 }, 'not binary')).toMatchObject({ ok: false, error: 'NOT_JPEG' });
    expect(await send({ seq: -1 }, await makeJpeg())).toMatchObject({ ok: false, error: 'BAD_FRAME_META' });
    socket.emit('frame', { seq: 4, capturedAt: 4 }, await makeJpeg()); // no ack callback at all
    expect(await send({ seq: 5, capturedAt: 5 }, await makeJpeg())).toEqual({ ok: true, seq: 5 });
    const before = v.frames.filter((f) => f.cameraId === 'healthy').length;
    await waitFor(() => v.frames.filter((f) => f.cameraId === 'healthy').length > before + 5, 'the healthy camera still flowing');
  });

  it('keeps every frame flowing to a healthy viewer while another viewer stops acking', async () => {
    server = await startTestServer();
    const healthy = viewer();
    const frozen = viewer();
    await waitFor(() => healthy.socket.connected && frozen.socket.connected, 'viewers connected');
    const cam = await camera('cam', { fps: 30 });
    await expectFrozenViewerHeldBack(server, healthy, frozen, () => cam.client.stats.produced);
  });

  it('sends a paused viewer nothing, and the newest frame when it unpauses', async () => {
    server = await startTestServer();
    const v = viewer();
    const cam = await camera('cam');
    await waitFor(() => v.frames.length > 0, 'a first frame');
    v.socket.emit('pause', { paused: true });
    // A round trip after the pause: once it is answered, the pause is in force on the server.
    await v.socket.timeout(5000).emitWithAck('time');
    const pausedAt = v.frames.length;
    const producedAt = cam.client.stats.produced;
    await waitFor(() => cam.client.stats.produced > producedAt + 20, 'twenty more frames produced');
    expect(v.frames.length).toBeLessThanOrEqual(pausedAt + 2);
    const resumedAt = v.frames.length;
    v.socket.emit('pause', { paused: false });
    await waitFor(() => v.frames.length > resumedAt, 'frames again after unpausing');
    expect(v.frames[resumedAt]!.seq).toBeGreaterThanOrEqual(producedAt + 20);
  });

  it('brings a capture client and a viewer back by themselves after a server restart', async () => {
    server = await startTestServer();
    const { port, dataDir } = server;
    const v = viewer();
    const cam = await camera('cam', { transport: 'socketio' });
    await waitFor(() => v.frames.length > 0, 'frames before the restart');
    await server.close();
    await waitFor(() => !v.socket.connected, 'the viewer to see the server go');
    server = await startTestServer({ port, dataDir });
    const before = v.frames.length;
    await waitFor(() => v.frames.length > before + 5, 'frames after the restart', 15_000);
    expect(cam.client.stats.reconnects).toBeGreaterThan(0);
  });
});
