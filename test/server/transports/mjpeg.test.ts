import { spawn } from 'node:child_process';
import { get, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { readJpegSize } from '../../../common/codec/jpeg.js';
import { HTTP_HEADERS } from '../../../shared/protocol.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { makeJpeg, noisyJpeg } from '../../helpers/jpeg.js';
import { boundaryOf, MultipartParser } from '../../helpers/multipart.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

let server: TestServer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await stopTestServer(server);
  server = undefined;
});

function streamUrl(cameraId: string, query = ''): string {
  return `${server!.url}/api/cameras/${cameraId}/stream.mjpeg${query}`;
}

async function camera(cameraId: string, opts: Parameters<typeof startCamera>[3] = {}): Promise<TestCamera> {
  const cam = await startCamera(server!.url, server!.captureToken, cameraId, opts);
  cleanups.push(() => cam.stop());
  await waitFor(() => server!.relay.cameras.getLocal(cameraId)?.status === 'live', `camera ${cameraId} live`);
  return cam;
}

interface OpenStream {
  res: IncomingMessage;
  parser: MultipartParser;
  /** Arrival time of each part. */
  times: number[];
  ended: boolean;
  close(): void;
}

/** Opens a stream with node:http and parses it as it arrives. */
function openStream(url: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: server!.adminAuth }, (res) => {
      const parser = new MultipartParser(boundaryOf(res.headers['content-type']) ?? 'missing');
      const stream: OpenStream = { res, parser, times: [], ended: false, close: () => req.destroy() };
      res.on('data', (chunk: Buffer) => {
        for (const _ of parser.push(chunk)) stream.times.push(Date.now());
      });
      res.on('end', () => (stream.ended = true));
      res.on('error', () => {});
      cleanups.push(stream.close);
      resolve(stream);
    });
    req.on('error', reject);
  });
}

/** Runs ffmpeg to completion (or the deadline); returns its exit code, last `frame=` and output. */
function runFfmpeg(args: string[], deadlineMs: number): Promise<{ code: number | null; frames: number; output: string }> {
  const child = spawn(resolveFfmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(deadline);
      const frames = [...output.matchAll(/^frame=\s*(\d+)/gm)].map((m) => Number(m[1]));
      resolve({ code, frames: frames.at(-1) ?? 0, output });
    });
  });
}

describe('mjpeg transport', () => {
  it('answers with multipart headers and the newest frame at once', async () => {
    server = await startTestServer();
    const jpeg = await makeJpeg(40, 30, 3);
    const headers = {
      authorization: `Bearer ${server.captureToken}`,
      'content-type': 'image/jpeg',
      [HTTP_HEADERS.seq]: '7',
      [HTTP_HEADERS.capturedAt]: String(Date.now()),
    };
    expect((await fetch(`${server.url}/api/cameras/porch/frames`, { method: 'POST', body: jpeg as Uint8Array<ArrayBuffer>, headers })).status).toBe(202);

    const stream = await openStream(streamUrl('porch'));
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers).toMatchObject({
      'content-type': 'multipart/x-mixed-replace; boundary=camrelay-frame',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    const part = await waitFor(() => stream.parser.parts[0], 'the first part');
    expect(part.headers).toEqual({ 'content-type': 'image/jpeg', 'content-length': String(jpeg.length), 'x-frame-seq': '7' });
    expect(part.body.equals(jpeg)).toBe(true);
  });

  it('is read by ffmpeg as a video of the camera', async () => {
    server = await startTestServer();
    await camera('porch', { fps: 15, frames: await Promise.all([0, 1, 2].map((n) => makeJpeg(160, 120, n))) });
    // passthrough: count the frames decoded, not frames duplicated to fill a constant output rate.
    const args = [
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'error',
      '-i',
      streamUrl('porch').replace('http://', `http://${TEST_ADMIN.username}:${TEST_ADMIN.password}@`),
      '-frames:v',
      '20',
      '-vsync',
      'passthrough',
      '-f',
      'null',
      '-progress',
      'pipe:1',
      '-',
    ];
    // 20 frames at 15 fps take ~1.5 s; the deadline only catches a stream that stalls.
    const { code, frames, output } = await runFfmpeg(args, 15_000);
    expect({ code, frames }, output).toEqual({ code: 0, frames: 20 });
    await waitFor(() => server!.relay.viewerCount === 0, 'the viewer to go once ffmpeg left');
  });

  it('holds at most two frames for a client that reads one byte per 100 ms', async () => {
    server = await startTestServer();
    const frames = await Promise.all([0, 1, 2, 3].map((n) => noisyJpeg(400, 300, n)));
    expect(Math.min(...frames.map((f) => f.length))).toBeGreaterThan(48 * 1024);
    const responses: ServerResponse[] = [];
    server.http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.endsWith('stream.mjpeg')) responses.push(res);
    });
    await camera('porch', { fps: 20, frames });

    const socket: Socket = connect(server.port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    socket.pause();
    socket.write(`GET /api/cameras/porch/stream.mjpeg HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${server.adminAuth.authorization}\r\n\r\n`);
    let received = 0;
    const reader = setInterval(() => (received += socket.read(1)?.length ?? 0), 100);
    cleanups.push(() => clearInterval(reader));

    await waitFor(() => server!.relay.viewerCount === 1 && responses.length === 1, 'the slow viewer');
    let maxHeld = 0;
    let maxBuffered = 0;
    const sample = () => {
      for (const load of server!.relay.viewerLoad()) maxHeld = Math.max(maxHeld, load.held);
      maxBuffered = Math.max(maxBuffered, responses[0]!.writableLength);
      return server!.relay.viewerLoad()[0]!.dropped;
    };
    // The kernel's socket buffers take the first few MB; then the viewer's slot starts dropping.
    await waitFor(() => sample() > 0, 'the first dropped frame', 15_000, 50);
    const droppedBefore = sample();
    // Ten more frames dropped, not buffered: sampled every 50 ms on the way.
    await waitFor(() => sample() - droppedBefore > 10, 'ten more dropped frames', 15_000, 50);
    expect(received).toBeGreaterThan(10);
    expect(maxHeld).toBeLessThanOrEqual(2);
    expect(maxBuffered).toBeLessThan(2 * Math.max(...frames.map((f) => f.length)) + 16 * 1024);

    socket.destroy();
    await waitFor(() => server!.relay.viewerCount === 0, 'the viewer to go with the client');
  });

  it('sends the rendition for ?width, from the same ladder as the live viewers', async () => {
    server = await startTestServer();
    await camera('porch', { fps: 10, frames: [await makeJpeg(1280, 720)] });
    const stream = await openStream(streamUrl('porch', '?width=500'));
    cleanups.push(() => stream.close());
    await waitFor(() => stream.parser.parts.length >= 2, 'two parts');
    expect(stream.parser.parts.map((p) => readJpegSize(p.body)?.width)).toEqual(stream.parser.parts.map(() => 640));
    const bad = await fetch(streamUrl('porch', '?width=9000'), { headers: server.adminAuth });
    expect(bad.status).toBe(400);
  });

  it('caps the rate with ?fps', async () => {
    server = await startTestServer();
    await camera('porch', { fps: 20 });
    const stream = await openStream(streamUrl('porch', '?fps=5'));
    await waitFor(() => stream.times.length > 0, 'the first part');
    const framesAt = () => server!.relay.cameras.get('porch')!.framesIn;
    const from = framesAt();
    await waitFor(() => stream.times.length >= 9, 'eight more parts');
    // Counted against the camera's own frames, not the clock (a loaded machine slows both alike):
    // at 5 of 20 fps the stream carries about a quarter; uncapped it would carry nearly all.
    expect((framesAt() - from) / 8).toBeGreaterThan(2);
    // The exact rate is FpsCap's, tested with fake timers in mjpeg/fps-cap.test.ts.
  });

  it('answers an unknown camera with 404 and a bad id or fps with 400', async () => {
    server = await startTestServer();
    await camera('porch', { fps: 5 });
    const cases: Array<[string, number, string]> = [
      ['/api/cameras/nope/stream.mjpeg', 404, 'UNKNOWN_CAMERA'],
      ['/api/cameras/a%2Fb/stream.mjpeg', 400, 'BAD_CAMERA_ID'],
      ...['0', '61', 'abc', '2.5', '', '5&fps=6'].map((fps): [string, number, string] => [`/api/cameras/porch/stream.mjpeg?fps=${fps}`, 400, 'BAD_REQUEST']),
    ];
    for (const [path, status, code] of cases) {
      const res = await fetch(`${server.url}${path}`, { headers: server.adminAuth });
      expect({ path, status: res.status, body: await res.json() }).toEqual({ path, status, body: expect.objectContaining({ ok: false, error: code }) });
    }
    expect(server.relay.viewerCount).toBe(0);
  });

  it('ends with the close delimiter once the camera has been offline for a while', async () => {
    server = await startTestServer({ offlineAfterMs: 1000 });
    const cam = await camera('porch', { fps: 10 });
    const stream = await openStream(streamUrl('porch'));
    await waitFor(() => stream.parser.parts.length > 0, 'the first part');
    cam.stop();
    await waitFor(() => stream.ended, 'the end of the response', 10_000);
    expect(stream.parser.ended).toBe(true);
    expect(server.relay.viewerCount).toBe(0);
  });

  it('ends open streams with the close delimiter when the server shuts down', async () => {
    server = await startTestServer();
    await camera('porch', { fps: 10 });
    const streams = await Promise.all([openStream(streamUrl('porch')), openStream(streamUrl('porch'))]);
    await waitFor(() => streams.every((s) => s.parser.parts.length > 0), 'the first parts');
    // The mjpeg transport's close(), run by the server's shutdown, ends each with its delimiter.
    await stopTestServer(server);
    server = undefined;
    await waitFor(() => streams.every((s) => s.ended), 'the end of both responses');
    expect(streams.map((s) => s.parser.ended)).toEqual([true, true]);
  });
});
