/**
 * `h264-rung` on a real `/capture` socket (#30): a client that offers `h264-rungs` is told the rung widths
 * live viewers watch in `demand.h264Widths`; a unit for a demanded rung is acked and reaches the relay
 * core with its rung, one for any other width is refused with RUNG_NOT_DEMANDED, and the camera's
 * entry says it can send rungs as H.264.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureDemand, H264RungMeta } from '../../../../shared/demand.js';
import type { CameraInfo, FrameAck } from '../../../../shared/protocol.js';
import { h264AccessUnits, type AccessUnit } from '../../../helpers/h264.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

describe('h264-rung on /capture', () => {
  let server: TestServer;
  let capture: Socket;
  let units: AccessUnit[];
  let demand: CaptureDemand | null = null;
  const taken: H264RungMeta[] = [];

  const send = (meta: object, au: Buffer) => new Promise<FrameAck>((resolve) => capture.emit('h264-rung', meta, au, resolve));

  beforeAll(async () => {
    server = await startTestServer();
    units = await h264AccessUnits(4, 320, 180, 2);
    server.relay.cameraSide.onH264Rung((_id, meta) => taken.push(meta));
    capture = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'yard', offers: ['h264', 'h264-rungs'] },
      transports: ['websocket'],
      forceNew: true,
    });
    capture.on('demand', (d: CaptureDemand) => (demand = d));
    await new Promise<void>((resolve) => capture.once('connect', () => resolve()));
    capture.emit('frame', { seq: 1, capturedAt: Date.now(), width: 1280, height: 720 }, await makeJpeg(1280, 720), () => {});
  });

  afterAll(async () => {
    capture?.close();
    await stopTestServer(server);
  });

  it('refuses a unit for a rung nobody demanded with RUNG_NOT_DEMANDED', async () => {
    await waitFor(() => demand !== null, 'the first demand');
    expect(demand!.h264Widths).toEqual([]);
    const ack = await send({ seq: 1, capturedAt: Date.now(), keyframe: true, width: 320, height: 180, rung: 320 }, units[0]!.au);
    expect(ack).toMatchObject({ ok: false, error: 'RUNG_NOT_DEMANDED' });
    expect(taken).toEqual([]);
  });

  it('tells the client the demanded rung and passes its units on with their rung, each rung its own seq', async () => {
    server.relay.cameraSide.demand.read('yard', 'live viewers at 320', { track: 'h264', width: 320 });
    await waitFor(() => demand?.h264Widths?.includes(320), 'h264Widths [320] in the demand');
    const first = await send({ seq: 1, capturedAt: Date.now(), keyframe: true, width: 320, height: 180, rung: 320 }, units[0]!.au);
    const second = await send({ seq: 2, capturedAt: Date.now(), keyframe: false, width: 320, height: 180, rung: 320 }, units[1]!.au);
    expect([first, second]).toEqual([
      { ok: true, seq: 1 },
      { ok: true, seq: 2 },
    ]);
    expect(taken.map((m) => [m.rung, m.seq, m.width])).toEqual([
      [320, 1, 320],
      [320, 2, 320],
    ]);
    const replay = await send({ seq: 2, capturedAt: Date.now(), keyframe: false, width: 320, height: 180, rung: 320 }, units[1]!.au);
    expect(replay).toMatchObject({ ok: false, error: 'BAD_H264' });
  });

  it('says on the camera entry that it can send rungs as H.264', async () => {
    const res = await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth });
    const list = (await res.json()) as CameraInfo[];
    expect(list.find((c) => c.id === 'yard')).toMatchObject({ h264: true, h264Rungs: true });
  });
});
