/**
 * `--source mjpeg`: the relay's own /stream.mjpeg is the real MJPEG camera (Basic auth, Content-Length
 * parts); a fake camera on loopback plays the cameras that stall, end, or answer with something else.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MjpegUrlSource } from '../../../capture-client/sources/mjpeg-url.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { CamrelayError } from '../../../shared/errors.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { startCaptureProgram, type CaptureProgram } from '../../helpers/capture-program.js';
import { startHttpCamera, type HttpCamera } from '../../helpers/http-camera.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

let relay: TestServer | undefined;
let feed: TestCamera | undefined;
let camera: HttpCamera | undefined;
let source: MjpegUrlSource | undefined;
let program: CaptureProgram | undefined;
let viewer: TestViewer | undefined;
afterEach(async () => {
  await program?.kill();
  viewer?.close();
  await source?.stop();
  feed?.stop();
  await camera?.close();
  await stopTestServer(relay);
  [relay, feed, camera, source, program, viewer] = [undefined, undefined, undefined, undefined, undefined, undefined];
});

/** The relay as an MJPEG camera: a capture client feeds camera `src`, whose stream the source reads. */
async function relayCamera(password = TEST_ADMIN.password): Promise<{ url: string; jpegs: Buffer[] }> {
  relay = await startTestServer();
  const jpegs = await Promise.all([1, 2, 3, 4].map((n) => makeJpeg(64, 48, n)));
  feed = await startCamera(relay.url, relay.captureToken, 'src', { frames: jpegs, fps: 20 });
  await waitFor(() => relay!.relay.cameras.getLocal('src')?.status === 'live', 'camera src live');
  return { url: `http://${TEST_ADMIN.username}:${password}@${relay.url.slice('http://'.length)}/api/cameras/src/stream.mjpeg`, jpegs };
}

function part(jpeg: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`--cam\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
}

/** A fake MJPEG camera whose response the test writes. */
async function fakeCamera(contentType = 'multipart/x-mixed-replace; boundary=cam'): Promise<{ url: string; res: Promise<ServerResponse> }> {
  let give: (res: ServerResponse) => void = () => {};
  const res = new Promise<ServerResponse>((resolve) => (give = resolve));
  camera = await startHttpCamera({
    user: 'admin',
    password: 'pw',
    auth: 'digest',
    handler: (_req, r) => {
      r.writeHead(200, { 'Content-Type': contentType });
      r.flushHeaders();
      give(r);
    },
  });
  return { url: camera.url('/video.cgi'), res };
}

describe('MjpegUrlSource', () => {
  describe('#start', () => {
    it("gives the relay's own MJPEG stream's pictures, read with Basic auth, and nothing once stopped", async () => {
      const { url, jpegs } = await relayCamera();
      const frames: SourceFrame[] = [];
      source = new MjpegUrlSource({ fps: 10, url });
      await source.start(
        (f) => frames.push(f),
        (e) => frames.push({ jpeg: Buffer.from(e.message), capturedAt: 0 }),
      );
      await waitFor(() => frames.length >= 5, 'five frames from the relay');
      for (const f of frames) expect(jpegs.some((j) => j.equals(f.jpeg))).toBe(true);
      expect(frames[0]).toMatchObject({ width: 64, height: 48 });
      // A second reader of the same stream shows frames still flow after the first one stopped.
      const control: SourceFrame[] = [];
      const other = new MjpegUrlSource({ fps: 10, url });
      await other.start(
        (f) => control.push(f),
        () => {},
      );
      await source.stop();
      const seen = frames.length;
      await waitFor(() => control.length >= 5, 'five frames at a reader still running');
      await other.stop();
      expect(frames.length).toBe(seen);
    });

    it('is refused as CAMERA_AUTH with the camera’s words for a wrong password, which appears nowhere', async () => {
      const { url } = await relayCamera('wrong-password-123');
      source = new MjpegUrlSource({ fps: 10, url });
      const err = (await source
        .start(
          () => {},
          () => {},
        )
        .catch((e: unknown) => e)) as CamrelayError;
      expect(err).toBeInstanceOf(CamrelayError);
      expect(err.code).toBe('CAMERA_AUTH');
      expect(err.message).toContain('refused the user name or password: it answered "401 Unauthorized"');
      expect(err.message).not.toContain('wrong-password-123');
    });

    it('refuses a page that is not a stream, and says to use --source snapshot for a single picture', async () => {
      for (const [type, words] of [
        ['text/html', '"text/html", not an MJPEG stream'],
        ['image/jpeg', 'use --source snapshot for this URL'],
      ] as const) {
        const { url } = await fakeCamera(type);
        const err = (await new MjpegUrlSource({ fps: 10, url })
          .start(
            () => {},
            () => {},
          )
          .catch((e: unknown) => e)) as CamrelayError;
        expect(err).toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining(words) });
        await camera!.close();
        camera = undefined;
      }
    });

    it('needs an http(s) URL', async () => {
      await expect(
        new MjpegUrlSource({ fps: 10, url: 'rtsp://a:b@10.0.0.1/x' }).start(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: 'BAD_CONFIG', message: expect.not.stringContaining(':b@') });
    });
  });

  describe('pacing', () => {
    it('drops the frames over the fps budget and never sends them later', async () => {
      const { url, res } = await fakeCamera();
      let now = 1000;
      const frames: SourceFrame[] = [];
      source = new MjpegUrlSource({ fps: 2, url }, { now: () => now });
      await source.start(
        (f) => frames.push(f),
        () => {},
      );
      const jpegs = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => makeJpeg(16, 16, n)));
      const stream = await res;
      stream.write(Buffer.concat(jpegs.map(part)));
      // Two frames of budget at one instant (the gate's burst); the other four are dropped, not held.
      await waitFor(() => frames.length === 2, 'two frames');
      now += 10_000;
      stream.write(part(jpegs[5]!));
      await waitFor(() => frames.length === 3, 'the next frame after the budget refilled');
      expect(frames.map((f) => f.jpeg)).toEqual([jpegs[0], jpegs[1], jpegs[5]]);
    });
  });

  describe('failures after start', () => {
    it('reports a stream that goes quiet as CAMERA_UNREACHABLE, and one the camera ends as SOURCE_FAILED', async () => {
      const quiet = await fakeCamera();
      const errors: Error[] = [];
      source = new MjpegUrlSource({ fps: 10, url: quiet.url }, { stallMs: 300 });
      await source.start(
        () => {},
        (e) => errors.push(e),
      );
      (await quiet.res).write(part(await makeJpeg(16, 16)));
      await waitFor(() => errors.length === 1, 'the stall reported');
      expect(errors[0]).toMatchObject({ code: 'CAMERA_UNREACHABLE', message: expect.stringMatching(/sent no picture for 0\.3 s\.$/) });
      expect(errors[0]!.message).not.toContain(':pw@');
      await camera!.close();

      const ending = await fakeCamera();
      source = new MjpegUrlSource({ fps: 10, url: ending.url });
      await source.start(
        () => {},
        (e) => errors.push(e),
      );
      (await ending.res).end('--cam--\r\n');
      await waitFor(() => errors.length === 2, 'the end reported');
      expect(errors[1]).toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('ended its stream') });
    });
  });
});

describe('the capture program with --source mjpeg', () => {
  it("sends the relay's own MJPEG stream as a camera of its own, its password in none of its output", async () => {
    const { url } = await relayCamera();
    viewer = connectViewer(relay!.url);
    program = startCaptureProgram([
      '--server',
      relay!.url,
      '--camera',
      'ipcam',
      '--token',
      relay!.captureToken,
      '--source',
      'mjpeg',
      '--url',
      url,
      '--fps',
      '5',
    ]);
    await waitFor(() => viewer!.frames.filter((f) => f.cameraId === 'ipcam').length >= 3, 'three frames of ipcam at a viewer', 20_000);
    expect(program.output()).not.toContain(TEST_ADMIN.password);
  });

  it('shows a wrong password as CAMERA_AUTH on the relay’s camera entry and keeps running; the password appears nowhere', async () => {
    const { url } = await relayCamera('wrong-pass-4242');
    viewer = connectViewer(relay!.url);
    const entry = () => viewer!.cameras.find((c) => c.id === 'ipcam');
    program = startCaptureProgram(['--server', relay!.url, '--camera', 'ipcam', '--token', relay!.captureToken, '--source', 'mjpeg'], {
      CAMRELAY_CAMERA_URL: url,
    });
    await waitFor(() => entry()?.source?.error === 'CAMERA_AUTH', 'CAMERA_AUTH on the camera entry', 20_000);
    expect(entry()!.source!.message).toContain('refused the user name or password: it answered "401 Unauthorized"');
    await waitFor(() => program!.output().includes('Waiting for the camera (CAMERA_AUTH)'), 'the status line saying why', 10_000);
    expect(program.child.exitCode).toBeNull();
    expect(JSON.stringify(relay!.relay.cameras.get('ipcam'))).not.toContain('wrong-pass-4242');
    expect(JSON.stringify(viewer.cameras)).not.toContain('wrong-pass-4242');
    expect(program.output()).not.toContain('wrong-pass-4242');
  });
});
