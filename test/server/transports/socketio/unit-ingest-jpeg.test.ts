/**
 * JPEG as a unit kind on `/capture` (#56 item 3): a `jpeg` unit by its own event or in a `units` batch beside H.264
 * and AAC reaches a viewer as a `frame` event's frame does, and the frame cap of the bound table (unit-kinds.ts)
 * holds at every way in, with FRAME_TOO_LARGE, while another camera keeps flowing. Real relay, real sockets.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureDemand } from '../../../../shared/demand.js';
import type { FrameAck } from '../../../../shared/protocol.js';
import { packUnits, type UnitsAck, type UnitToSend } from '../../../../shared/units.js';
import { h264AccessUnits, type AccessUnit } from '../../../helpers/h264.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { jpegUnit, startJpegUnitStand, type JpegUnitStand } from '../../../helpers/jpeg-unit-stand.js';
import type { TestServer } from '../../../helpers/server.js';
import { setSound } from '../../../helpers/sound.js';
import { waitFor } from '../../../helpers/wait.js';

const FRAME_CAP = 32 * 1024;
let stand: JpegUnitStand;
let server: TestServer;
let units: AccessUnit[];
let picture: Buffer;

async function connect(cameraId: string, offers: string[] = []): Promise<{ socket: Socket; demands: CaptureDemand[] }> {
  const socket = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId, offers },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  const demands: CaptureDemand[] = [];
  socket.on('demand', (d: CaptureDemand) => demands.push(d));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, demands };
}

const send = (socket: Socket, event: string, meta: unknown, bytes: unknown) => socket.timeout(10_000).emitWithAck(event, meta, bytes) as Promise<FrameAck>;
const batch = (socket: Socket, sent: UnitToSend[]): Promise<UnitsAck> => {
  const { head, payload } = packUnits(sent);
  return socket.timeout(10_000).emitWithAck('units', head, payload) as Promise<UnitsAck>;
};

beforeAll(async () => {
  [units, picture] = await Promise.all([h264AccessUnits(2, 320, 180, 30).then((us) => us.map((u) => ({ ...u, au: Buffer.from(u.au) }))), makeJpeg(160, 90, 3)]);
  stand = await startJpegUnitStand(FRAME_CAP);
  server = stand.server;
}, 30_000);

afterAll(() => stand?.close());

describe('jpeg units on /capture', () => {
  it('tells a client that offers what makes units that JPEG goes as units too', async () => {
    const { socket, demands } = await connect('told', ['h264']);
    await waitFor(() => demands.length > 0, 'a demand');
    expect(demands[0]).toMatchObject({ units: true, jpegUnits: true });
    socket.close();
  });

  it('takes a jpeg unit by its own event as the frame event takes a frame, and the viewer sees the same', async () => {
    const [old, unit] = await Promise.all([connect('by-frame'), connect('by-jpeg')]);
    await expect(send(old.socket, 'frame', { seq: 1, capturedAt: 1_700_000_000_001 }, picture)).resolves.toEqual({ ok: true, seq: 1 });
    await expect(send(unit.socket, 'jpeg', { seq: 1, capturedAt: 1_700_000_000_001 }, picture)).resolves.toEqual({ ok: true, seq: 1 });
    await waitFor(() => stand.shown('by-frame').length > 0 && stand.shown('by-jpeg').length > 0, 'both frames at the viewer');
    expect(stand.shown('by-jpeg')).toEqual(stand.shown('by-frame'));
    expect(stand.shown('by-jpeg')[0]).toMatchObject({ seq: 1, width: 160, height: 90, bytes: picture.toString('base64') });
    old.socket.close();
    unit.socket.close();
  });

  it('takes a jpeg unit in a batch beside H.264 and AAC, each acked, the picture shown as its own event shows it', async () => {
    const { socket } = await connect('mixed', ['h264']);
    await setSound(server, 'mixed');
    const video = (seq: number): UnitToSend => ({
      kind: 'h264',
      meta: { seq, capturedAt: 1_700_000_000_000 + seq, keyframe: units[seq - 1]!.keyframe, width: 320, height: 180 },
      data: units[seq - 1]!.au,
    });
    const sound: UnitToSend = {
      kind: 'aac',
      meta: { seq: 1, capturedAt: 1_700_000_000_000, sampleRate: 48000, channels: 2, config: '1190' },
      data: Buffer.alloc(300, 1),
    };
    const reply = await batch(socket, [video(1), jpegUnit(1, picture), sound, video(2)]);
    expect(reply).toEqual({ ok: true, acks: [1, 1, 1, 2].map((seq) => ({ ok: true, seq })) });
    await waitFor(() => stand.shown('mixed').length > 0, 'the batch picture at the viewer');
    expect(stand.shown('mixed')).toEqual([{ seq: 1, capturedAt: 1_700_000_000_001, width: 160, height: 90, bytes: picture.toString('base64') }]);
    socket.close();
  });

  it('holds the frame cap at every Socket.IO way in (FRAME_TOO_LARGE) and keeps another camera flowing', async () => {
    const [healthy, attacker] = await Promise.all([connect('healthy'), connect('atk')]);
    const big = Buffer.alloc(FRAME_CAP + 1, 0xff);
    expect(await send(attacker.socket, 'frame', { seq: 1, capturedAt: 1 }, big)).toMatchObject({ ok: false, error: 'FRAME_TOO_LARGE' });
    expect(await send(attacker.socket, 'jpeg', { seq: 1, capturedAt: 1 }, big)).toMatchObject({ ok: false, error: 'FRAME_TOO_LARGE' });
    const reply = await batch(attacker.socket, [jpegUnit(1, big), jpegUnit(2, picture)]);
    expect(reply.ok && reply.acks.map((a) => (a.ok ? a.seq : a.error))).toEqual(['FRAME_TOO_LARGE', 2]);
    for (let seq = 1; seq <= 3; seq++) await expect(send(healthy.socket, 'jpeg', { seq, capturedAt: seq }, picture)).resolves.toEqual({ ok: true, seq });
    await waitFor(() => stand.shown('healthy').some((s) => s.seq === 3), 'the healthy camera still shown');
    healthy.socket.close();
    attacker.socket.close();
  });
});

describe("/capture's message size", () => {
  it('is read from the bound table: an H.264 unit over the frame cap is answered by its taker, not cut by the socket', async () => {
    const { socket } = await connect('wide', ['h264']);
    const au = Buffer.alloc(8 * FRAME_CAP, 0x11);
    au.set([0, 0, 0, 1, 0x65]);
    const ack = await send(socket, 'h264', { seq: 1, capturedAt: 1, keyframe: true, width: 320, height: 180 }, au);
    expect(ack.ok ? 'taken' : ack.error).toMatch(/^(taken|H264_.*|BAD_H264)$/);
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
