/**
 * RTSP out (#41) with real parts: a relay with its RTSP port open, capture connections sending real libx264
 * units, and the ffmpeg the package ships reading `rtsp://` as a player would (no ffprobe ships: ffmpeg's
 * input line says the codec and size). Over TCP as asked, and over UDP first (the 461 answer sends it to
 * TCP); refusals by token; a reader that stalls while a live viewer watches.
 */
import { connect, type Socket } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startH264Camera, type H264Camera } from '../../helpers/h264-camera.js';
import { ffmpegRun, h264AccessUnits } from '../../helpers/h264.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { READER_SLOT_LIMITS } from '../../../server/streams/reader-slots.js';
import { RTSP_SERVER_DEFAULTS } from '../../../server/streams/rtsp-server.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

let server: TestServer;
let rtspPort: number;
let yard: H264Camera;
let porch: H264Camera;
let cookie: string;

async function makeToken(cameraId: string): Promise<{ id: string; secret: string }> {
  const res = await fetch(`${server.url}/api/cameras/${cameraId}/stream-tokens`, {
    method: 'POST',
    headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'nvr' }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { token: { id: string }; secret: string };
  return { id: body.token.id, secret: body.secret };
}

const rtspUrl = (cameraId: string, token?: string) =>
  `rtsp://127.0.0.1:${rtspPort}/${cameraId}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

async function metrics(): Promise<string> {
  return (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
}

/** A connection to the RTSP port from `localAddress` (on Linux all of 127/8 is loopback). */
function open(localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: rtspPort, host: '127.0.0.1', localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** One raw RTSP exchange on `socket`: the request's answer head (status line and headers) as text. */
function request(socket: Socket, lines: string[]): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      resolve(got.slice(0, end));
    };
    socket.on('data', onData);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

/** A camera sending 640x360 units, every one a keyframe padded to ~120 kB, at 15 fps while asked for H.264: 1.8 MB/s. */
async function startBusyCamera(cameraId: string): Promise<{ stop(): void }> {
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

beforeAll(async () => {
  server = await startTestServer({ rtspPort: 0 });
  rtspPort = server.provided.need('streams').rtspPort!;
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

describe('RtspServer', () => {
  it('is read by ffmpeg over TCP with a stream token in the URL: H.264 at the camera size, 30 frames decoded', async () => {
    const { secret } = await makeToken('yard');
    const run = await ffmpegRun(['-hide_banner', '-rtsp_transport', 'tcp', '-i', rtspUrl('yard', secret), '-frames:v', '30', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Input #0, rtsp,/);
    expect(run.err).toMatch(/Stream #0:0.*Video: h264 .*320x180/);
    expect(run.err).toMatch(/frame=\s*30\b/);
  }, 60_000);

  it('answers a UDP SETUP with 461, and ffmpeg left to its default (UDP first) goes on over TCP', async () => {
    const { secret } = await makeToken('yard');
    // At debug level ffmpeg says its UDP SETUP failed with the 461; it then sets up over TCP by itself.
    const run = await ffmpegRun(['-hide_banner', '-loglevel', 'debug', '-i', rtspUrl('yard', secret), '-frames:v', '10', '-f', 'null', '-']);
    expect(run.code, run.err.slice(-2000)).toBe(0);
    expect(run.err).toMatch(/method SETUP failed: 461 Unsupported Transport/);
    expect(run.err).toMatch(/Video: h264 .*320x180/);
    expect(run.err).toMatch(/frame=\s*10\b/);
  }, 60_000);

  it('takes the token as the password of Basic, with any user name, after its 401 challenge', async () => {
    const { secret } = await makeToken('porch');
    const url = rtspUrl('porch').replace('rtsp://', `rtsp://nvr:${encodeURIComponent(secret)}@`);
    const run = await ffmpegRun(['-hide_banner', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', '5', '-f', 'null', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Video: h264 .*320x180/);
  }, 60_000);

  it('refuses no token, a wrong one, another camera’s, a revoked one and the admin password with 401', async () => {
    const porchToken = await makeToken('porch');
    const revoked = await makeToken('yard');
    await fetch(`${server.url}/api/cameras/yard/stream-tokens/${revoked.id}`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
    const admin = Buffer.from(`admin:${server.config.adminPassword}`).toString('base64');
    const tries: Array<[string, string[]]> = [
      [rtspUrl('yard'), []],
      [rtspUrl('yard', 'not-a-token'), []],
      [rtspUrl('yard', porchToken.secret), []],
      [rtspUrl('yard', revoked.secret), []],
      [rtspUrl('yard'), [`Authorization: Basic ${admin}`]],
    ];
    for (const [url, headers] of tries) {
      const socket = connect(rtspPort, '127.0.0.1');
      try {
        const head = await request(socket, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 2', 'Accept: application/sdp', ...headers]);
        expect(head, url).toMatch(/^RTSP\/1\.0 401 Unauthorized\r\nCSeq: 2\r\n/);
        expect(head).toMatch(/WWW-Authenticate: Basic realm="camrelay stream"/);
      } finally {
        socket.destroy();
      }
    }
    const run = await ffmpegRun(['-hide_banner', '-rtsp_transport', 'tcp', '-i', rtspUrl('yard', porchToken.secret), '-frames:v', '1', '-f', 'null', '-']);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/401 Unauthorized/);
  }, 60_000);

  it('answers a connection over the cap of one address with 503, counts it in /metrics, and lets another address in', async () => {
    const cap = RTSP_SERVER_DEFAULTS.maxConnectionsPerAddress;
    const held: Socket[] = [];
    try {
      for (let i = 0; i < cap; i++) held.push(await open('127.0.0.1'));
      const over = await open('127.0.0.1');
      held.push(over);
      let got = '';
      over.on('data', (d: Buffer) => (got += d.toString('latin1')));
      await new Promise((resolve) => over.once('close', resolve));
      expect(got).toMatch(/^RTSP\/1\.0 503 Service Unavailable\r\n/);
      await waitFor(async () => /camrelay_refusals_total\{code="RTSP_TOO_MANY_CONNECTIONS"\} [1-9]/.test(await metrics()), 'the refusal counted');
      const other = await open('127.0.0.2');
      held.push(other);
      expect(await request(other, ['OPTIONS * RTSP/1.0', 'CSeq: 1'])).toMatch(/^RTSP\/1\.0 200 OK/);
    } finally {
      held.forEach((s) => s.destroy());
    }
  }, 30_000);

  it('answers a ninth PLAY on one token with 503 while another token of the camera still plays', async () => {
    const [a, b] = [await makeToken('porch'), await makeToken('porch')];
    const sockets: Socket[] = [];
    /** DESCRIBE, SETUP and PLAY of porch with `secret` on a new connection: the PLAY's status line. */
    const play = async (secret: string) => {
      const socket = connect(rtspPort, '127.0.0.1');
      sockets.push(socket);
      const url = rtspUrl('porch', secret);
      expect(await request(socket, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 1'])).toMatch(/^RTSP\/1\.0 200 OK/);
      const setup = await request(socket, [`SETUP ${url} RTSP/1.0`, 'CSeq: 2', 'Transport: RTP/AVP/TCP;interleaved=0-1']);
      const session = /Session: ([0-9a-f]+)/.exec(setup)![1]!;
      return (await request(socket, [`PLAY ${url} RTSP/1.0`, 'CSeq: 3', `Session: ${session}`])).split('\r\n')[0];
    };
    try {
      for (let i = 0; i < READER_SLOT_LIMITS.perReader; i++) expect(await play(a.secret)).toBe('RTSP/1.0 200 OK');
      expect(await play(a.secret)).toBe('RTSP/1.0 503 Service Unavailable');
      expect(await play(b.secret)).toBe('RTSP/1.0 200 OK');
    } finally {
      sockets.forEach((s) => s.destroy());
    }
    await waitFor(async () => !/camrelay_rtsp_readers\{camera="porch"\}/.test(await metrics()), 'the readers gone');
  }, 60_000);

  it('counts its refusals in /metrics as stream.mp4 does: a wrong token, too many wrong tokens, a reader over the limits', async () => {
    const refusals = async (code: string) => Number(new RegExp(`camrelay_refusals_total\\{code="${code}"\\} (\\d+)`).exec(await metrics())?.[1] ?? 0);
    const before = { bad: await refusals('BAD_STREAM_TOKEN'), blocked: await refusals('TOO_MANY_ATTEMPTS'), full: await refusals('STREAM_READERS_FULL') };
    // An address of its own: the wrong tokens block it for a minute, and no other test's.
    const socket = await open('127.0.0.9');
    try {
      const heads: string[] = [];
      for (let cseq = 1; cseq <= 11; cseq++)
        heads.push((await request(socket, [`DESCRIBE ${rtspUrl('yard', 'not-a-token')} RTSP/1.0`, `CSeq: ${cseq}`])).split('\r\n')[0]!);
      expect(heads.at(0)).toBe('RTSP/1.0 401 Unauthorized');
      expect(heads.at(-1)).toBe('RTSP/1.0 429 Too Many Requests');
    } finally {
      socket.destroy();
    }
    const { secret } = await makeToken('porch');
    const sockets: Socket[] = [];
    const play = async () => {
      const s = await open('127.0.0.10');
      sockets.push(s);
      const url = rtspUrl('porch', secret);
      await request(s, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 1']);
      const session = /Session: ([0-9a-f]+)/.exec(await request(s, [`SETUP ${url} RTSP/1.0`, 'CSeq: 2', 'Transport: RTP/AVP/TCP;interleaved=0-1']))![1]!;
      return (await request(s, [`PLAY ${url} RTSP/1.0`, 'CSeq: 3', `Session: ${session}`])).split('\r\n')[0];
    };
    try {
      for (let i = 0; i < READER_SLOT_LIMITS.perReader; i++) await play();
      expect(await play()).toBe('RTSP/1.0 503 Service Unavailable');
    } finally {
      sockets.forEach((s) => s.destroy());
    }
    // Each is counted before its answer is sent.
    expect(await refusals('STREAM_READERS_FULL')).toBe(before.full + 1);
    expect(await refusals('BAD_STREAM_TOKEN')).toBe(before.bad + 10);
    expect(await refusals('TOO_MANY_ATTEMPTS')).toBe(before.blocked + 1);
    await waitFor(async () => !/camrelay_rtsp_readers\{camera="porch"\}/.test(await metrics()), 'the readers gone');
  }, 60_000);

  it('counts readers per camera in /metrics, and ends a reader within a second or two of its token being revoked', async () => {
    const { id, secret } = await makeToken('porch');
    const socket = connect(rtspPort, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      const url = rtspUrl('porch', secret);
      expect(await request(socket, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 1'])).toMatch(/^RTSP\/1\.0 200 OK/);
      const setup = await request(socket, [
        `SETUP rtsp://127.0.0.1:${rtspPort}/porch/trackID=0 RTSP/1.0`,
        'CSeq: 2',
        'Transport: RTP/AVP/TCP;unicast;interleaved=0-1',
      ]);
      const session = /Session: ([0-9a-f]+)/.exec(setup)![1]!;
      let rtp = 0;
      const play = request(socket, [`PLAY rtsp://127.0.0.1:${rtspPort}/porch/ RTSP/1.0`, 'CSeq: 3', `Session: ${session}`]);
      expect(await play).toMatch(/^RTSP\/1\.0 200 OK[\s\S]*RTP-Info: url=rtsp:\/\/127\.0\.0\.1:\d+\/porch\/trackID=0;seq=\d+;rtptime=\d+/);
      socket.on('data', (d: Buffer) => (rtp += d.length));
      await waitFor(() => rtp > 10_000, 'RTP packets after PLAY');
      expect(await metrics()).toMatch(/camrelay_rtsp_readers\{camera="porch"\} 1/);
      const revokedAt = Date.now();
      await fetch(`${server.url}/api/cameras/porch/stream-tokens/${id}`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
      await closed;
      // StreamWatch looks every 500 ms; the generous bound is for a loaded CI box.
      expect(Date.now() - revokedAt).toBeLessThan(5000);
      await waitFor(async () => !/camrelay_rtsp_readers\{camera="porch"\}/.test(await metrics()), 'the reader gone from /metrics');
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it('ends a playing reader when an admin deletes its camera (its stream tokens go with it)', async () => {
    const { secret } = await makeToken('yard');
    const socket = connect(rtspPort, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      const url = rtspUrl('yard', secret);
      expect(await request(socket, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 1'])).toMatch(/^RTSP\/1\.0 200 OK/);
      const setup = await request(socket, [`SETUP ${url} RTSP/1.0`, 'CSeq: 2', 'Transport: RTP/AVP/TCP;interleaved=0-1']);
      const session = /Session: ([0-9a-f]+)/.exec(setup)![1]!;
      expect(await request(socket, [`PLAY ${url} RTSP/1.0`, 'CSeq: 3', `Session: ${session}`])).toMatch(/^RTSP\/1\.0 200 OK/);
      await waitFor(async () => /camrelay_rtsp_readers\{camera="yard"\} 1/.test(await metrics()), 'the reader playing');
      const del = await fetch(`${server.url}/api/cameras/yard?recordings=keep`, { method: 'DELETE', headers: { cookie, ...sameOrigin(server) } });
      expect(del.status).toBe(200);
      await closed;
      const again = connect(rtspPort, '127.0.0.1');
      try {
        expect(await request(again, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 1'])).toMatch(/^RTSP\/1\.0 401/);
      } finally {
        again.destroy();
      }
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it('holds a bounded number of bytes for a reader that PLAYs and never reads, and cuts it off, while a live viewer keeps getting frames', async () => {
    const gate = await startBusyCamera('gate');
    const { secret } = await makeToken('gate');
    const socket = connect(rtspPort, '127.0.0.1');
    const viewer = connectViewer(server.url, { cameraIds: ['gate'] });
    try {
      const url = rtspUrl('gate', secret);
      await waitFor(
        async () => (await request(socket, [`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 1'])).startsWith('RTSP/1.0 200'),
        'the gate camera described',
        30_000,
      );
      const setup = await request(socket, [`SETUP ${url} RTSP/1.0`, 'CSeq: 2', 'Transport: RTP/AVP/TCP;interleaved=0-1']);
      const session = /Session: ([0-9a-f]+)/.exec(setup)![1]!;
      socket.write(`PLAY ${url} RTSP/1.0\r\nCSeq: 3\r\nSession: ${session}\r\n\r\n`);
      socket.pause(); // never reads again: the kernel's buffers fill, then the relay's
      await waitFor(async () => /camrelay_rtsp_readers\{camera="gate"\} 1/.test(await metrics()), 'the stalled reader playing');
      const skips = async () => Number(/^camrelay_h264_skips_total (\d+)/m.exec(await metrics())?.[1] ?? 0);
      const skipsBefore = await skips();
      const start = viewer.frames.length;
      let most = 0;
      await waitFor(
        async () => {
          const queued = Number(/camrelay_rtsp_queued_bytes (\d+)/.exec(await metrics())?.[1]);
          most = Math.max(most, queued);
          return viewer.frames.length >= start + 60 && (await skips()) > skipsBefore;
        },
        'sixty frames at the live viewer while the stalled reader skips a GOP',
        30_000,
        200,
      );
      // Its lane waits for the socket to drain, so the buffer holds a unit or so; never past the cap (2 MiB) and one unit.
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(2 * 1024 * 1024 + 200_000);
      // Stalled past PLAYER_DEFAULTS.stallMs (20 s): the relay lets it go.
      await waitFor(async () => !/camrelay_rtsp_readers\{camera="gate"\}/.test(await metrics()), 'the stalled reader cut off', 40_000, 500);
    } finally {
      viewer.close();
      socket.destroy();
      gate.stop();
    }
  }, 300_000);
});
