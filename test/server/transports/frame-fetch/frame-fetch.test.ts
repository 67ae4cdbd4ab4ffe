import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_FETCH_PATH, type MonitorFrameMeta } from '../../../../shared/protocol.js';
import type { Frame } from '../../../../server/relay/frame.js';
import { FastRoutes } from '../../../../server/http/fast-routes.js';
import { FrameFetch } from '../../../../server/transports/frame-fetch/frame-fetch.js';
import { startCamera } from '../../../helpers/capture.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { countFramePackets, startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../../helpers/server.js';
import { connectViewer, expectFrozenViewerHeldBack, type TestViewer } from '../../../helpers/viewer.js';
import { waitFor } from '../../../helpers/wait.js';

let server: TestServer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  cleanups.splice(0).forEach((c) => c());
  await stopTestServer(server);
  server = undefined;
});

function viewer(opts: Parameters<typeof connectViewer>[1]): TestViewer {
  const v = connectViewer(server!.url, opts);
  cleanups.push(() => v.close());
  return v;
}

async function camera(id: string, fps = 20) {
  const c = await startCamera(server!.url, server!.captureToken, id, { fps });
  cleanups.push(() => c.stop());
  return c;
}

describe('frames by their own GET on long-polling', () => {
  it('sends a fetching polling viewer no JPEG inside Socket.IO, and it still gets every camera in order', async () => {
    server = await startTestServer();
    const { preEncoded, plain: plainPackets } = countFramePackets(server);
    const inline = (id: string) => (preEncoded.get(id) ?? 0) + (plainPackets.get(id) ?? 0);
    const fetching = viewer({ transports: ['polling'], fetchFrames: true });
    const plain = viewer({ transports: ['polling'] });
    await camera('porch');
    await camera('yard');
    for (const id of ['porch', 'yard']) {
      await waitFor(() => fetching.frames.filter((f) => f.cameraId === id).length >= 10, `ten ${id} frames fetched`);
      // Each frame once: the answers may complete out of order, but none is sent twice.
      const seqs = fetching.frames.filter((f) => f.cameraId === id).map((f) => f.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    await waitFor(() => plain.frames.length >= 10, 'frames at the plain polling viewer');
    expect(inline(fetching.socket.io.engine.id)).toBe(0);
    expect(inline(plain.socket.io.engine.id)).toBeGreaterThanOrEqual(10);
  });

  it('answers the given path with each frame (JPEG body, metadata header), and an unknown or ended one with FRAME_GONE', async () => {
    server = await startTestServer();
    const jpeg = await makeJpeg(64, 48, 3);
    // A bare client, so the test makes every GET itself.
    const socket = io(`${server.url}/monitor`, { transports: ['polling'], forceNew: true, auth: { ...TEST_ADMIN, fetchFrames: true } });
    cleanups.push(() => socket.close());
    const path = await new Promise<string>((resolve) => socket.once('frame-fetch', resolve));
    expect(path).toMatch(new RegExp(`^${FRAME_FETCH_PATH}/[A-Za-z0-9_-]{22}$`));
    socket.emit('subscribe', { cameraIds: '*' });
    const cam = await startCamera(server.url, server.captureToken, 'cam', { fps: 10, frames: [jpeg] });
    cleanups.push(() => cam.stop());
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(new URL(path, server.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const meta = JSON.parse(res.headers.get('x-frame-meta')!) as MonitorFrameMeta;
      expect(meta).toMatchObject({ cameraId: 'cam', width: 64, height: 48 });
      expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
      seqs.push(meta.seq);
    }
    // Each GET took the next frame: the first one's answer released the camera's slot.
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);

    const madeUp = await fetch(new URL(`${FRAME_FETCH_PATH}/AAAAAAAAAAAAAAAAAAAAAA`, server.url));
    expect(madeUp.status).toBe(404);
    expect(await madeUp.json()).toMatchObject({ error: 'FRAME_GONE' });
    socket.close();
    await waitFor(() => server!.relay.viewerCount === 0, 'the viewer gone');
    expect((await fetch(new URL(path, server.url))).status).toBe(404);
  });

  it('holds at most two frames for a viewer that stops fetching, keeps the others flowing, and gives it the newest frame after', async () => {
    server = await startTestServer();
    const healthy = viewer({ transports: ['polling'], fetchFrames: true });
    const frozen = viewer({ transports: ['polling'], fetchFrames: true });
    const cam = await camera('cam', 30);
    // A GET already answered may still land after the freeze.
    await expectFrozenViewerHeldBack(server, healthy, frozen, () => cam.client.stats.produced);
  });

  it('switches to binary frames when the fetching viewer upgrades to WebSocket', async () => {
    server = await startTestServer();
    const v = viewer({ transports: ['polling', 'websocket'], fetchFrames: true });
    await camera('cam');
    await waitFor(() => v.socket.io.engine.transport.name === 'websocket', 'the upgrade');
    const at = v.frames.length;
    let binary = 0;
    v.socket.on('frame', () => binary++);
    await waitFor(() => binary >= 5 && v.frames.length >= at + 5, 'binary frames after the upgrade');
  });
});

/** A bare HTTP server with the frame-fetch route ahead of a 404, as the relay mounts it. */
function serverFor(frameFetch: FrameFetch) {
  const routes = new FastRoutes();
  routes.get(`${FRAME_FETCH_PATH}/`, (_req, res, rest) => frameFetch.serve(rest, res));
  return createServer(routes.listener((_req, res) => res.writeHead(404).end()));
}

describe('FrameFetch', () => {
  it('answers a GET that waited with no frame 204, so proxies never cut it', async () => {
    const frameFetch = new FrameFetch(50);
    const http = serverFor(frameFetch);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => http.close());
    const owner = frameFetch.owner();
    const res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}${owner.path}`);
    expect(res.status).toBe(204);
    // The next frame waits for the next GET rather than for one that is gone.
    let released = 0;
    owner.push({ cameraId: 'c', jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), meta: {} } as unknown as Frame, () => released++);
    expect(owner.queued).toBe(1);
    expect(released).toBe(0);
    // A newer frame of the same camera (its old slot closed or switched sinks) replaces the queued
    // one, whose `done` is called so nothing waits on it: the queue stays one frame per camera.
    owner.push({ cameraId: 'c', jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), meta: {} } as unknown as Frame, () => {});
    expect(owner.queued).toBe(1);
    expect(released).toBe(1);
    owner.close();
  });

  it('keeps at most four GETs of one connection waiting: a fifth ends the oldest with 204', async () => {
    const frameFetch = new FrameFetch(60_000);
    const http = serverFor(frameFetch);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const owner = frameFetch.owner();
    cleanups.push(() => {
      owner.close();
      http.close();
    });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}${owner.path}`;
    const statuses: number[] = [];
    const gets = Array.from({ length: 4 }, () => fetch(url).then((r) => statuses.push(r.status)));
    await waitFor(() => owner.waitingCount === 4, 'four GETs waiting');
    void fetch(url);
    await waitFor(() => statuses.length === 1, 'the oldest GET answered');
    expect(statuses).toEqual([204]);
    expect(owner.waitingCount).toBe(4);
    owner.close();
    await Promise.all(gets);
    expect(statuses).toEqual([204, 204, 204, 204]);
  });
});
