/** `--source snapshot`: a fake Digest camera on loopback answering each GET with one JPEG, or failing as cheap cameras do. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotUrlSource } from '../../../capture-client/sources/snapshot-url.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { CamrelayError } from '../../../shared/errors.js';
import { startHttpCamera, type HttpCamera } from '../../helpers/http-camera.js';
import { startCaptureProgram, type CaptureProgram } from '../../helpers/capture-program.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

let camera: HttpCamera | undefined;
let source: SnapshotUrlSource | undefined;
let program: CaptureProgram | undefined;
let viewer: TestViewer | undefined;
let relay: TestServer | undefined;
afterEach(async () => {
  await program?.kill();
  viewer?.close();
  await source?.stop();
  await camera?.close();
  await stopTestServer(relay);
  [camera, source, program, viewer, relay] = [undefined, undefined, undefined, undefined, undefined];
});

async function snapshotCamera(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  camera = await startHttpCamera({ user: 'admin', password: 'pw-9876', auth: 'digest', handler });
  return camera.url('/cgi-bin/snapshot.cgi?channel=1');
}

async function startError(url: string, settings = {}): Promise<CamrelayError> {
  const err = await new SnapshotUrlSource({ fps: 5, url }, settings)
    .start(
      () => {},
      () => {},
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(CamrelayError);
  expect((err as Error).message).not.toContain('pw-9876');
  return err as CamrelayError;
}

describe('SnapshotUrlSource', () => {
  describe('#start', () => {
    it('polls with one request in flight at most, learns the Digest challenge once, and sends an unchanged picture again', async () => {
      const jpeg = await makeJpeg(40, 30, 7);
      // The camera takes 150 ms per picture, longer than the 100 ms between ticks: the poll must wait, not pile up.
      const url = await snapshotCamera((_q, res) => setTimeout(() => res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpeg), 150));
      const frames: SourceFrame[] = [];
      source = new SnapshotUrlSource({ fps: 10, url });
      await source.start(
        (f) => frames.push(f),
        () => {},
      );
      await waitFor(() => frames.length >= 4, 'four pictures');
      expect(camera!.maxInFlight).toBe(1);
      expect(camera!.authorizations.filter((a) => a === undefined)).toHaveLength(1);
      expect(frames.every((f) => f.jpeg.equals(jpeg) && f.width === 40 && f.height === 30)).toBe(true);
    });

    it('refuses an answer that is not a JPEG, saying what came instead', async () => {
      const url = await snapshotCamera((_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Please log in</body></html>'));
      expect((await startError(url)).message).toMatch(/answered text\/html, 39 bytes starting "<html><body>Please log i": not a JPEG\.$/);
    });

    it('refuses a picture over the cap, by Content-Length or by bytes counted', async () => {
      const big = Buffer.alloc(5000, 0xff);
      const url = await snapshotCamera((req, res) => (req.url!.includes('chunked') ? res.write(big) && res.end(big) : res.end(big)));
      expect((await startError(url, { maxBytes: 4000 })).message).toContain('sent a picture over 4000 bytes');
      expect((await startError(`${url}&chunked`, { maxBytes: 8000 })).message).toContain('sent a picture over 8000 bytes');
    });

    it('gives up on a camera that does not answer within the timeout as CAMERA_UNREACHABLE', async () => {
      const url = await snapshotCamera(() => {});
      expect(await startError(url, { timeoutMs: 200 })).toMatchObject({
        code: 'CAMERA_UNREACHABLE',
        message: expect.stringContaining('no answer within 0.2 s'),
      });
    });
  });

  describe('failures after start', () => {
    it('stops polling and reports the camera’s status line once it fails', async () => {
      const jpeg = await makeJpeg(16, 16);
      let n = 0;
      const url = await snapshotCamera((_q, res) => (++n <= 2 ? res.end(jpeg) : res.writeHead(500, 'Internal Server Error').end()));
      const errors: Error[] = [];
      source = new SnapshotUrlSource({ fps: 20, url });
      await source.start(
        () => {},
        (e) => errors.push(e),
      );
      await waitFor(() => errors.length === 1, 'the failure reported');
      expect(errors[0]).toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('answered "500 Internal Server Error"') });
      expect(n).toBe(3);
    });
  });
});

describe('the capture program with --source snapshot', () => {
  it('polls a Digest camera at --fps 2 and sends each picture to the relay, asking no more often than it sends', async () => {
    const jpegs = await Promise.all([1, 2, 3].map((n) => makeJpeg(48, 32, n)));
    let n = 0;
    const url = await snapshotCamera((_q, res) => res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpegs[n++ % 3]));
    relay = await startTestServer();
    viewer = connectViewer(relay.url);
    program = startCaptureProgram(['--server', relay.url, '--camera', 'cheapcam', '--token', relay.captureToken, '--source', 'snapshot', '--fps', '2'], {
      CAMRELAY_CAMERA_URL: url,
    });
    const frames = () => viewer!.frames.filter((f) => f.cameraId === 'cheapcam');
    await waitFor(() => frames().length >= 4, 'four pictures of cheapcam at a viewer', 20_000);
    // Each answered GET is one frame: one challenge, then pictures only (a poll that piled up would ask more).
    expect(n).toBeLessThanOrEqual(frames().length + 2);
    expect(camera!.maxInFlight).toBe(1);
    expect(program.output()).not.toContain('pw-9876');
  });
});
