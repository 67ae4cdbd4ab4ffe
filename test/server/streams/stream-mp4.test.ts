/**
 * stream.mp4 for other programs (#41), with real parts: a relay, a capture connection sending real libx264
 * units, and the ffmpeg the package ships reading the URL as a player would (no ffprobe ships: ffmpeg's
 * input line says the codec and size). Refusals by token, and a reader that stalls while a live viewer watches.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_SLOT_LIMITS } from '../../../server/streams/reader-slots.js';
import { startH264Camera, type H264Camera } from '../../helpers/h264-camera.js';
import { io } from 'socket.io-client';
import { ffmpegRun, h264AccessUnits } from '../../helpers/h264.js';
import { setSound } from '../../helpers/sound.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

/** A camera sending 640x360 units, every one a keyframe (large), at 15 fps while the demand asks for H.264. */
async function startBusyCamera(cameraId: string): Promise<{ stop(): void }> {
  // Each unit padded with a 120 kB filler NAL (type 12, all 0xFF: no start code in it): 1.8 MB/s, so the kernel's
  // loopback buffers (a few MB) fill within seconds whatever the encoder made of the test pattern.
  const filler = Buffer.concat([Buffer.from([0, 0, 0, 1, 0x0c]), Buffer.alloc(120_000, 0xff), Buffer.from([0x80])]);
  const units = (await h264AccessUnits(30, 640, 360, 1)).map((u) => ({ ...u, au: Buffer.concat([u.au, filler]) }));
  const jpeg = await makeJpeg(640, 360);
  const socket = io(`${server.url}/capture`, { auth: { token: server.captureToken, cameraId, offers: ['h264'] }, transports: ['websocket'], forceNew: true });
  let wanted = false;
  socket.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
  let seq = 0;
  const timer = setInterval(() => {
    seq++;
    socket.emit('frame', { seq, capturedAt: Date.now(), width: 640, height: 360 }, jpeg, () => {});
    if (wanted) socket.emit('h264', { seq, capturedAt: Date.now(), keyframe: true, width: 640, height: 360 }, units[seq % units.length]!.au, () => {});
  }, 66);
  return {
    stop: () => {
      clearInterval(timer);
      socket.close();
    },
  };
}

let server: TestServer;
let yard: H264Camera;
let porch: H264Camera;
let cookie: string;

async function makeToken(cameraId: string): Promise<{ id: string; secret: string }> {
  const res = await fetch(`${server.url}/api/cameras/${cameraId}/stream-tokens`, {
    method: 'POST',
    headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'frigate' }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { token: { id: string }; secret: string };
  return { id: body.token.id, secret: body.secret };
}

const streamUrl = (cameraId: string, token?: string) =>
  `${server.url}/api/cameras/${cameraId}/stream.mp4${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

/** Series of the relay's /metrics, as the test admin reads them. */
async function metrics(): Promise<string> {
  return (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
}

beforeAll(async () => {
  server = await startTestServer();
  [yard, porch] = await Promise.all([
    startH264Camera(server.url, server.captureToken, 'yard', 15, 320, 180),
    startH264Camera(server.url, server.captureToken, 'porch', 15, 320, 180),
  ]);
  cookie = await login(server);
  await waitFor(async () => {
    const list = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as Array<{ id: string; h264?: boolean }>;
    return list.filter((c) => c.h264).length === 2;
  }, 'both cameras listed with H.264');
}, 60_000);

afterAll(async () => {
  yard?.stop();
  porch?.stop();
  await stopTestServer(server);
});

describe('GET /api/cameras/:id/stream.mp4', () => {
  it('is read by ffmpeg with a stream token in the URL: H.264 at the camera size, 30 frames decoded', async () => {
    const { secret } = await makeToken('yard');
    const run = await ffmpegRun(['-hide_banner', '-i', streamUrl('yard', secret), '-frames:v', '30', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Stream #0:0.*Video: h264 .*320x180/);
    expect(run.err).toMatch(/frame=\s*30\b/);
  }, 60_000);

  it('takes the token as the password of HTTP Basic, with any user name', async () => {
    const { secret } = await makeToken('yard');
    const url = streamUrl('yard').replace('http://', `http://frigate:${encodeURIComponent(secret)}@`);
    const run = await ffmpegRun(['-hide_banner', '-i', url, '-frames:v', '5', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Video: h264 .*320x180/);
  }, 60_000);

  it('asks the camera for H.264 while a reader reads, and counts readers per camera in /metrics', async () => {
    const { secret } = await makeToken('porch');
    const ac = new AbortController();
    const res = await fetch(streamUrl('porch', secret), { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).subarray(4, 8).toString()).toBe('ftyp');
    expect(porch.wanted).toBe(true);
    expect(await metrics()).toMatch(/camrelay_stream_readers\{camera="porch"\} 1/);
    ac.abort();
    await waitFor(async () => !/camrelay_stream_readers\{camera="porch"\}/.test(await metrics()), 'the reader gone from /metrics');
  }, 30_000);

  it('refuses a wrong token, another camera’s token, a revoked one and the admin password with 401 BAD_STREAM_TOKEN', async () => {
    const porchToken = await makeToken('porch');
    const revoked = await makeToken('yard');
    const del = await fetch(`${server.url}/api/cameras/yard/stream-tokens/${revoked.id}`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
    expect(del.status).toBe(200);
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    const tries: Array<[string, Record<string, string>]> = [
      [streamUrl('yard', 'not-a-token'), {}],
      [streamUrl('yard', porchToken.secret), {}],
      [streamUrl('yard', revoked.secret), {}],
      [streamUrl('yard'), server.adminAuth],
      [streamUrl('yard'), basic('x', 'wrong')],
      [streamUrl('yard'), {}],
    ];
    for (const [url, headers] of tries) {
      const res = await fetch(url, { headers });
      expect(res.status, url).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: 'BAD_STREAM_TOKEN' });
    }
    const list = (await (await fetch(`${server.url}/api/cameras/yard/stream-tokens`, { headers: { cookie } })).json()) as { tokens: Array<{ id: string }> };
    expect(list.tokens.map((t) => t.id)).not.toContain(revoked.id);
    expect(JSON.stringify(list)).not.toMatch(/hash|secret/);
  });

  it('ends a reader whose token is revoked while it reads', async () => {
    const { id, secret } = await makeToken('yard');
    const res = await fetch(streamUrl('yard', secret));
    const reader = res.body!.getReader();
    await reader.read();
    await fetch(`${server.url}/api/cameras/yard/stream-tokens/${id}`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
    await waitFor(async () => {
      for (;;) if ((await reader.read()).done) return true;
    }, 'the response to end');
  }, 30_000);

  it('refuses a ninth reader on one token and a seventeenth of the camera with 503 STREAM_READERS_FULL, and lets one in when a place is given back', async () => {
    const [a, b, c] = [await makeToken('yard'), await makeToken('yard'), await makeToken('yard')];
    const ac = new AbortController();
    const open = (secret: string) => fetch(streamUrl('yard', secret), { signal: ac.signal });
    try {
      for (let i = 0; i < READER_SLOT_LIMITS.perReader; i++) expect((await open(a.secret)).status).toBe(200);
      const ninth = await open(a.secret);
      expect(ninth.status).toBe(503);
      expect(await ninth.json()).toMatchObject({ ok: false, error: 'STREAM_READERS_FULL' });
      const byB: Response[] = [];
      for (let i = 0; i < READER_SLOT_LIMITS.perCamera - READER_SLOT_LIMITS.perReader; i++) byB.push(await open(b.secret));
      expect(byB.map((r) => r.status)).toEqual(byB.map(() => 200));
      expect((await open(c.secret)).status).toBe(503);
      await byB[0]!.body!.cancel();
      await waitFor(async () => (await open(c.secret)).status === 200, 'a place given back taken by another token');
    } finally {
      ac.abort();
    }
  }, 60_000);

  it('holds a bounded number of bytes for a reader that stalls, skips it by whole GOPs, and cuts it off, while a live viewer keeps getting frames', async () => {
    // Every unit a keyframe: enough bytes a second to fill the kernel's socket buffers within seconds, so the relay's own bound is what holds.
    const gate = await startBusyCamera('gate');
    const { secret } = await makeToken('gate');
    const socket: Socket = connect(server.port, '127.0.0.1');
    socket.pause(); // never reads: the kernel's buffers fill, then the relay's
    socket.write(`GET /api/cameras/gate/stream.mp4?token=${secret} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const viewer = connectViewer(server.url, { cameraIds: ['gate'] });
    const skips = async () => Number(/^camrelay_h264_skips_total (\d+)/m.exec(await metrics())?.[1] ?? 0);
    try {
      await waitFor(async () => /camrelay_stream_readers\{camera="gate"\} 1/.test(await metrics()), 'the stalled reader open');
      const skipsBefore = await skips();
      const start = viewer.frames.length;
      let most = 0;
      await waitFor(
        async () => {
          const queued = Number(/camrelay_stream_queued_bytes (\d+)/.exec(await metrics())?.[1]);
          most = Math.max(most, queued);
          return viewer.frames.length >= start + 60 && (await skips()) > skipsBefore;
        },
        'sixty frames at the live viewer while the stalled reader skips a GOP',
        15_000,
        200,
      );
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(4 * 1024 * 1024);
      // Stalled past READER_DEFAULTS.stallMs (20 s): the relay lets it go.
      await waitFor(async () => !/camrelay_stream_readers\{camera="gate"\}/.test(await metrics()), 'the stalled reader cut off', 30_000, 500);
    } finally {
      viewer.close();
      socket.destroy();
      gate.stop();
    }
  }, 300_000);

  it('stops asking a camera whose sound is on but sends none for its H.264 soon after its last reader left', async () => {
    // No microphone: the reader waits 3 s for sound and gets the picture alone. The probe listening on for late sound
    // asked the camera for live H.264 and sound for a minute after (63 s); now only while the camera is read.
    const shed = await startH264Camera(server.url, server.captureToken, 'shed', 15, 320, 180);
    try {
      await setSound(server, 'shed');
      const { secret } = await makeToken('shed');
      const ac = new AbortController();
      const res = await fetch(streamUrl('shed', secret), { signal: ac.signal });
      const first = await res.body!.getReader().read();
      expect(Buffer.from(first.value!).subarray(4, 8).toString()).toBe('ftyp');
      expect(shed.wanted).toBe(true);
      ac.abort();
      const leftAt = Date.now();
      // The stream's release (10 s) and the probe's next look (3 s), with room for a loaded box: well short of 63 s.
      await waitFor(() => !shed.wanted, 'the camera no longer asked for H.264', 40_000, 200);
      console.log(`[stream.mp4] a silent camera's H.264 asked for ${((Date.now() - leftAt) / 1000).toFixed(1)} s after its reader left`);
    } finally {
      shed.stop();
    }
  }, 60_000);

  it('forgets a camera’s stream tokens when an admin deletes the camera', async () => {
    const { secret } = await makeToken('porch');
    const del = await fetch(`${server.url}/api/cameras/porch?recordings=keep`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
    expect(del.status).toBe(200);
    const list = (await (await fetch(`${server.url}/api/cameras/porch/stream-tokens`, { headers: { cookie } })).json()) as { tokens: unknown[] };
    expect(list.tokens).toEqual([]);
    const res = await fetch(streamUrl('porch', secret));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'BAD_STREAM_TOKEN' });
  });
});
