/**
 * Live H.264 by frame-fetch (#30): a viewer on long-polling that fetches its frames gets its H.264 units as
 * answers to its own GETs (no base64 inside the polls), in the relay's order (`X-Unit-Order`), put back in
 * order by the page's fetcher; at the upgrade to WebSocket its stream starts again at a keyframe there.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorH264Meta } from '../../../../shared/protocol.js';
import type { SubscribeReply } from '../../../../shared/subscription.js';
import { FrameFetcher } from '../../../../dashboard/src/receivers/socketio/frame-fetcher.js';
import { startH264Camera, type H264Camera } from '../../../helpers/h264-camera.js';
import { countFramePackets, startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

let server: TestServer | undefined;
let camera: H264Camera | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  cleanups.splice(0).forEach((c) => c());
  camera?.stop();
  await stopTestServer(server);
  server = camera = undefined;
});

/** A `/monitor` socket that asks `yard` as H.264 and says it fetches its frames. */
function monitor(url: string, transports: Array<'polling' | 'websocket'>): { socket: Socket; inSocket: MonitorH264Meta[]; path: Promise<string> } {
  const socket = io(`${url}/monitor`, { transports, forceNew: true, auth: { ...TEST_ADMIN, fetchFrames: true } });
  cleanups.push(() => socket.close());
  const inSocket: MonitorH264Meta[] = [];
  socket.on('h264', (meta: MonitorH264Meta, _au: unknown, ack: () => void) => {
    inSocket.push(meta);
    ack();
  });
  const path = new Promise<string>((resolve) => socket.once('frame-fetch', resolve));
  socket.on('connect', () => socket.emit('subscribe', { cameraIds: ['yard'], h264: ['yard'] }, (_r: SubscribeReply) => {}));
  return { socket, inSocket, path };
}

/** Units in order from a keyframe, with no hole: what a decoder can take. */
function expectDecodable(units: MonitorH264Meta[]): void {
  expect(units[0]!.keyframe).toBe(true);
  for (let i = 1; i < units.length; i++) if (!units[i]!.keyframe) expect(units[i]!.seq).toBe(units[i - 1]!.seq + 1);
}

describe('live H.264 by frame-fetch GETs', () => {
  it('answers GETs with units as they are (video/h264, X-Frame-Kind, X-Unit-Order 0, 1, 2…) and none inside the polls', async () => {
    server = await startTestServer();
    const { plain } = countFramePackets(server);
    camera = await startH264Camera(server.url, server.captureToken, 'yard');
    const m = monitor(server.url, ['polling']);
    const path = await m.path;
    const orders: number[] = [];
    const metas: MonitorH264Meta[] = [];
    // One GET at a time here, so the order the test sees is the relay's.
    while (metas.length < 20) {
      const res = await fetch(new URL(path, server.url));
      if (res.status === 204) continue;
      expect(res.status).toBe(200);
      if (res.headers.get('x-frame-kind') !== 'h264') {
        await res.arrayBuffer(); // a JPEG before the H.264 started
        continue;
      }
      expect(res.headers.get('content-type')).toBe('video/h264');
      expect(res.headers.get('cache-control')).toBe('no-store');
      orders.push(Number(res.headers.get('x-unit-order')));
      const meta = JSON.parse(res.headers.get('x-frame-meta')!) as MonitorH264Meta;
      const au = new Uint8Array(await res.arrayBuffer());
      // Annex B with its start code, as the camera side sent it.
      expect([...au.subarray(0, 4)]).toEqual([0, 0, 0, 1]);
      metas.push(meta);
    }
    expect(orders).toEqual(orders.map((_, i) => i));
    expectDecodable(metas);
    expect(metas[0]!.codec).toMatch(/^avc1\./);
    expect(m.inSocket).toEqual([]);
    expect(plain.get(m.socket.io.engine.id) ?? 0).toBe(0);
  });

  it("gives the page's fetcher (two GETs at once) every unit in order", async () => {
    server = await startTestServer();
    camera = await startH264Camera(server.url, server.captureToken, 'yard');
    const m = monitor(server.url, ['polling']);
    const got: MonitorH264Meta[] = [];
    const fetcher = new FrameFetcher({ base: server.url, onFrame: () => {}, onH264: (meta) => got.push(meta) });
    cleanups.push(() => fetcher.stop());
    fetcher.start(await m.path);
    await waitFor(() => got.length >= 40, '40 units through the fetcher', 15_000);
    expectDecodable(got);
    expect(m.inSocket).toEqual([]);
  });

  it('starts the stream again at a keyframe over the WebSocket after the upgrade', async () => {
    server = await startTestServer();
    camera = await startH264Camera(server.url, server.captureToken, 'yard');
    const m = monitor(server.url, ['polling', 'websocket']);
    const fetched: MonitorH264Meta[] = [];
    const fetcher = new FrameFetcher({ base: server.url, onFrame: () => {}, onH264: (meta) => fetched.push(meta) });
    cleanups.push(() => fetcher.stop());
    // As the page does: fetch while polling, stop at the upgrade.
    m.socket.io.engine.once('upgrade', () => fetcher.stop());
    void m.path.then((p) => m.socket.io.engine.transport.name === 'polling' && fetcher.start(p));
    await waitFor(() => m.socket.io.engine.transport.name === 'websocket', 'the upgrade');
    await waitFor(() => m.inSocket.length >= 20, '20 units over the WebSocket', 15_000);
    expectDecodable(m.inSocket);
  });
});
