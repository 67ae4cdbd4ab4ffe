/**
 * `units` (#38) over a real Socket.IO connection to a real relay: several H.264 units and AAC frames in one
 * message and one ack, each checked as its own event would be, and a malformed batch refused whole with its code.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readUnits } from '../../../../server/relay/unit-takers.js';
import type { CaptureDemand } from '../../../../shared/demand.js';
import type { FrameAck } from '../../../../shared/protocol.js';
import { packUnits, UNITS_MAX, type UnitsAck, type UnitToSend } from '../../../../shared/units.js';
import { h264AccessUnits, type AccessUnit } from '../../../helpers/h264.js';
import { oversizedSpsUnit, repeatedUnit } from '../../../helpers/hostile-h264.js';
import { setSound } from '../../../helpers/sound.js';
import { startTestServer, stopTestServer, type TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

let server: TestServer;
let units: AccessUnit[];
const heard: Array<{ camera: string; kind: 'h264' | 'aac'; seq: number; bytes: Buffer }> = [];

const video = (seq: number, au: AccessUnit = units[seq % units.length]!): UnitToSend => ({
  kind: 'h264',
  meta: { seq, capturedAt: 1_700_000_000_000 + seq * 66, keyframe: au.keyframe, width: 320, height: 180 },
  data: au.au,
});
const sound = (seq: number): UnitToSend => ({
  kind: 'aac',
  meta: { seq, capturedAt: 1_700_000_000_000 + seq * 21, sampleRate: 48000, channels: 2, config: '1190' },
  data: Buffer.alloc(300, seq),
});

async function connect(cameraId: string): Promise<{ socket: Socket; demands: CaptureDemand[] }> {
  const socket = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId, offers: ['h264'] },
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

const batch = (socket: Socket, sent: UnitToSend[]): Promise<UnitsAck> => {
  const { head, payload } = packUnits(sent);
  return socket.timeout(10_000).emitWithAck('units', head, payload) as Promise<UnitsAck>;
};
const seqsOf = (camera: string, kind: 'h264' | 'aac') => heard.filter((h) => h.camera === camera && h.kind === kind).map((h) => h.seq);

beforeAll(async () => {
  units = (await h264AccessUnits(12, 320, 180, 6)).map((u) => ({ ...u, au: Buffer.from(u.au) }));
  server = await startTestServer();
  server.relay.cameraSide.intake.onH264((camera, meta, au) => heard.push({ camera, kind: 'h264', seq: meta.seq, bytes: Buffer.from(au) }));
  server.relay.cameraSide.intake.onAac((camera, meta, frame) => heard.push({ camera, kind: 'aac', seq: meta.seq, bytes: Buffer.from(frame) }));
}, 30_000);

afterAll(async () => {
  await stopTestServer(server);
});

beforeEach(() => {
  heard.length = 0;
});

describe('units on /capture', () => {
  it('tells a client that offers h264 that batches are taken', async () => {
    const { socket, demands } = await connect('told');
    await waitFor(() => demands.length > 0, 'a demand');
    expect(demands[0]).toMatchObject({ units: true });
    socket.close();
  });

  it('takes H.264 units and AAC frames of one batch in order, byte for byte, and acks each item', async () => {
    const { socket } = await connect('front');
    await setSound(server, 'front');
    const sent = [video(1), sound(1), video(2), sound(2), video(3)];
    const reply = await batch(socket, sent);
    expect(reply).toEqual({ ok: true, acks: [1, 1, 2, 2, 3].map((seq) => ({ ok: true, seq })) });
    expect(seqsOf('front', 'h264')).toEqual([1, 2, 3]);
    expect(seqsOf('front', 'aac')).toEqual([1, 2]);
    for (const [i, h] of heard.entries()) expect(h.bytes.equals(Buffer.from(sent[i]!.data)), `item ${i}`).toBe(true);
    socket.close();
  });

  it('refuses the AAC of a camera whose sound is off (#40) with SOUND_OFF, and takes its pictures', async () => {
    const { socket } = await connect('quiet');
    const reply = await batch(socket, [video(1), sound(1), video(2)]);
    expect(reply.ok && reply.acks.map((a) => (a.ok ? a.seq : a.error))).toEqual([1, 'SOUND_OFF', 2]);
    expect(seqsOf('quiet', 'aac')).toEqual([]);
    socket.close();
  });

  it('refuses a bad unit in the middle with its own code and takes the units around it', async () => {
    const { socket } = await connect('middle');
    const bad = { ...video(2), data: oversizedSpsUnit() };
    const reply = await batch(socket, [video(1), bad, video(3)]);
    expect(reply.ok && reply.acks.map((a) => (a.ok ? a.seq : a.error))).toEqual([1, 'H264_NOT_ENCODER_MADE', 3]);
    expect(seqsOf('middle', 'h264')).toEqual([1, 3]);
    socket.close();
  });

  it('keeps one rising seq per stream whether a unit came alone or in a batch', async () => {
    const { socket } = await connect('mixed');
    const { meta, data } = video(5);
    await expect(socket.timeout(10_000).emitWithAck('h264', meta, data)).resolves.toEqual({ ok: true, seq: 5 });
    const reply = await batch(socket, [video(5), video(6)]);
    expect(reply.ok && reply.acks.map((a) => (a.ok ? a.seq : a.error))).toEqual(['BAD_H264', 6]);
    socket.close();
  });

  it('refuses a batch over UNITS_MAX, or whose lengths do not add up, whole with its code, and the connection serves on', async () => {
    const { socket } = await connect('hostile');
    const many = Array.from({ length: UNITS_MAX + 1 }, (_, i) => video(i + 1));
    await expect(batch(socket, many)).resolves.toMatchObject({ ok: false, error: 'UNITS_TOO_MANY' });
    const { head, payload } = packUnits([video(1), video(2)]);
    head.items[1]!.bytes += 1;
    await expect(socket.timeout(10_000).emitWithAck('units', head, payload)).resolves.toMatchObject({ ok: false, error: 'BAD_UNITS' });
    await expect(socket.timeout(10_000).emitWithAck('units', { items: 'all' }, payload)).resolves.toMatchObject({ ok: false, error: 'BAD_UNITS' });
    expect(heard).toEqual([]);
    await expect(batch(socket, [video(1)])).resolves.toEqual({ ok: true, acks: [{ ok: true, seq: 1 }] });
    socket.close();
  });
});

/** `camrelay_frames_dropped_total{reason}` as the test admin reads /metrics (0 before the first). */
async function dropped(reason: string): Promise<number> {
  const body = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
  const line = body.split('\n').find((l) => l.startsWith(`camrelay_frames_dropped_total{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('sound pace on /capture', () => {
  // 1024 samples of 48 kHz: 21.3 ms of sound a frame, 141 frames to the 3 s lead.
  const aac = (seq: number): UnitToSend => ({ ...sound(seq), data: Buffer.alloc(1024, seq) });

  it("takes a reconnect's 2 s backlog of AAC at once, every frame", async () => {
    const { socket } = await connect('backlog');
    await setSound(server, 'backlog');
    const acks = [];
    for (let seq = 1; seq <= 94; seq += 16) {
      const reply = await batch(
        socket,
        Array.from({ length: Math.min(16, 95 - seq) }, (_, i) => aac(seq + i)),
      );
      if (reply.ok) acks.push(...reply.acks);
    }
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    expect(seqsOf('backlog', 'aac')).toHaveLength(94);
    socket.close();
  });

  it('refuses a flood of 24,000 AAC frames past 3 s ahead of the clock with SOUND_TOO_FAST, counted in /metrics', async () => {
    const { socket } = await connect('flood');
    await setSound(server, 'flood');
    const before = await dropped('sound_ahead');
    const started = Date.now();
    const acks: FrameAck[] = [];
    // 1,500 batches of 16, fifty in flight at a time, as fast as the relay acks them.
    for (let first = 1; first <= 24_000; first += 16 * 50) {
      const window = Array.from({ length: 50 }, (_, b) => first + b * 16).filter((seq) => seq <= 24_000);
      const replies = await Promise.all(
        window.map((seq) =>
          batch(
            socket,
            Array.from({ length: 16 }, (_, i) => aac(seq + i)),
          ),
        ),
      );
      for (const r of replies) if (r.ok) acks.push(...r.acks);
    }
    const seconds = (Date.now() - started) / 1000;
    const taken = acks.filter((a) => a.ok).length;
    const refused = acks.filter((a) => !a.ok);
    console.log(`[sound pace] 24,000 AAC frames in ${seconds.toFixed(1)} s: ${taken} taken, ${refused.length} refused`);
    expect(acks).toHaveLength(24_000);
    // The lead and the time the flood took, at 46.9 frames a second, and a frame's slack.
    expect(taken).toBeLessThanOrEqual(Math.ceil(141 + seconds * 46.875) + 1);
    expect(new Set(refused.map((a) => (a.ok ? 'ok' : a.error)))).toEqual(new Set(['SOUND_TOO_FAST']));
    await expect(dropped('sound_ahead')).resolves.toBe(before + refused.length);
    socket.close();
  }, 60_000);
});

describe('H.264 rate on /capture', () => {
  let limited: TestServer;
  beforeAll(async () => {
    // 2 units a second with 5 s of burst: 10 at once.
    limited = await startTestServer({ maxFps: 2 });
  }, 30_000);
  afterAll(async () => {
    await stopTestServer(limited);
  });

  it('refuses units past CAMRELAY_MAX_FPS with RATE_LIMITED before it scans them, bad ones counted against the rate too', async () => {
    const socket = io(`${limited.url}/capture`, {
      auth: { token: limited.captureToken, cameraId: 'bomb' },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
    });
    const bomb = repeatedUnit([0, 0, 1, 0x67]);
    const errors: string[] = [];
    for (let seq = 1; seq <= 16; seq++) {
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck('h264', { seq, capturedAt: Date.now(), keyframe: true, width: 640, height: 360 }, bomb)) as FrameAck;
      errors.push(ack.ok ? 'ok' : ack.error);
    }
    socket.close();
    // The burst's units are scanned and refused for what they hold; the rest are refused unread.
    expect(errors.slice(0, 10)).toEqual(Array(10).fill('H264_TOO_MANY_NALS'));
    expect(new Set(errors.slice(10))).toContain('RATE_LIMITED');
    expect(errors.every((e) => e === 'H264_TOO_MANY_NALS' || e === 'RATE_LIMITED')).toBe(true);
    const body = await (await fetch(`${limited.url}/metrics`, { headers: limited.adminAuth })).text();
    expect(body).toContain(`camrelay_frames_dropped_total{reason="fps_limit"} ${errors.filter((e) => e === 'RATE_LIMITED').length}`);
  }, 60_000);
});

describe('readUnits', () => {
  const payload = Buffer.from([1, 2, 3, 4, 5]);
  const settings = { maxFrameBytes: 64 * 1024 };
  const code = (r: ReturnType<typeof readUnits>) => (r.ok ? 'ok' : r.error.code);

  it('slices each item out of the payload without copying it', () => {
    const r = readUnits(
      {
        items: [
          { kind: 'aac', meta: {}, bytes: 2 },
          { kind: 'h264', meta: {}, bytes: 3 },
        ],
      },
      payload,
      settings,
    );
    expect(r.ok && r.value.map((u) => [u.kind, [...u.bytes]])).toEqual([
      ['aac', [1, 2]],
      ['h264', [3, 4, 5]],
    ]);
    expect(r.ok && r.value[1]!.bytes.buffer).toBe(payload.buffer);
  });

  it('counts the items before it looks at any, and every length before it slices', () => {
    expect(code(readUnits({ items: Array.from({ length: 100_000 }, () => null) }, payload, settings))).toBe('UNITS_TOO_MANY');
    for (const bad of [
      null,
      { items: [] },
      { items: [{ kind: 'png', meta: {}, bytes: 5 }] },
      { items: [{ kind: 'h264', meta: {}, bytes: 6 }] },
      { items: [{ kind: 'h264', meta: {}, bytes: 1.5 }] },
      { items: [{ kind: 'h264', meta: {}, bytes: 4 }] },
    ])
      expect(code(readUnits(bad, payload, settings)), JSON.stringify(bad)).toBe('BAD_UNITS');
    expect(code(readUnits({ items: [{ kind: 'h264', meta: {}, bytes: 5 }] }, 'bytes', settings))).toBe('BAD_UNITS');
  });
});
