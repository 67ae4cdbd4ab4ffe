/**
 * On a link too thin for a camera at the width asked, the relay steps that viewer down the
 * rendition ladder until the link carries the camera; a viewer on a good link keeps its rung.
 * The link is a real TCP proxy with a bandwidth cap; the rungs come from real resizes (sharp).
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorFrameMeta } from '../../shared/protocol.js';
import type { RenditionNotice } from '../../shared/subscription.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { makeJpeg, noisyJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer | undefined;
let camera: TestCamera | undefined;
let proxy: FaultProxy | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  camera?.stop();
  await proxy?.close();
  await stopTestServer(server);
  server = camera = proxy = undefined;
});

/** A viewer that shows the camera `width` wide, recording the widths it is sent and the relay's notices. */
function viewer(url: string, width: number, notices: RenditionNotice[] = []): MonitorFrameMeta[] {
  const got: MonitorFrameMeta[] = [];
  const socket = io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
  sockets.push(socket);
  socket.on('connect', () => socket.emit('subscribe', { cameraIds: '*', widths: { yard: width } }));
  socket.on('rendition', (n: RenditionNotice) => notices.push(n));
  socket.on('frame', (meta: MonitorFrameMeta, _jpeg: Buffer, ack: () => void) => {
    got.push(meta);
    ack();
  });
  return got;
}

describe('rendition step-down', () => {
  it('steps a viewer on a thin link down the ladder, and keeps a viewer on a good link at its rung', async () => {
    server = await startTestServer();
    // Noise compresses badly: a full frame is several hundred KB, a 320-wide one a few dozen.
    const frames = await Promise.all([0, 1, 2, 3].map((n) => noisyJpeg(1280, 720, n)));
    camera = await startCamera(server.url, server.captureToken, 'yard', { fps: 10, frames });
    proxy = await FaultProxy.start(server.port);
    proxy.faults.bytesPerSecond = 300 * 1024;
    const notices: RenditionNotice[] = [];
    const thin = viewer(proxy.url, 1280, notices);
    const good = viewer(server.url, 1280);
    await waitFor(() => thin.some((m) => m.width < 1280), 'the thin link stepped down a rung', 25_000, 100);
    // And the viewer was told why.
    expect(await waitFor(() => notices.find((n) => n.steps > 0), 'a notice of the step')).toMatchObject({
      cameraId: 'yard',
      reason: expect.stringMatching(/^the link carried/),
    });
    // Asked 1280 of a 1280-wide camera: native on the good link all along.
    expect(good.length).toBeGreaterThan(thin.length);
    expect(good.every((m) => m.width === 1280)).toBe(true);
  });

  it("keeps a camera's rate over a long link by letting more frames be in flight, not by shrinking them", async () => {
    server = await startTestServer();
    // Small frames: the proxy lets 64 KB wait per direction, like a TCP window, so bytes never bind here.
    camera = await startCamera(server.url, server.captureToken, 'yard', { fps: 10, frames: [await makeJpeg(640, 360)] });
    proxy = await FaultProxy.start(server.port);
    // 300 ms of round trip, bandwidth to spare: one frame in flight would carry at most 3.3 of 10 fps.
    proxy.faults.latencyMs = 150;
    const far = viewer(proxy.url, 640);
    // Of thirty frames the camera made (those older than the link's delay), how many reached the viewer.
    const share = () => {
      const newest = server!.relay.latestFrame('yard')?.seq ?? 0;
      const seen = new Set(far.map((m) => m.seq));
      let got = 0;
      for (let seq = newest - 40; seq < newest - 10; seq++) if (seen.has(seq)) got++;
      return got / 30;
    };
    await waitFor(() => share() >= 0.8, "most of the camera's frames over the long link", 25_000, 200);
    expect(far.every((m) => m.width === 640)).toBe(true);
  });
});
