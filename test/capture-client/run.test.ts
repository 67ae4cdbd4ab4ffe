/** One camera end to end: a real file source, the transcoder and a CaptureClient sending to a real relay on port 0. */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCamera, type RunningCamera, type RunOptions } from '../../capture-client/run.js';
import { CAPTURE_NAMESPACE } from '../../shared/protocol.js';
import { rungFor } from '../../server/relay/rungs.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { connectViewer } from '../helpers/viewer.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe('runCamera', () => {
  let dir: string;
  let jpegs: Buffer[];
  let relay: TestServer | undefined;
  const cameras: RunningCamera[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-run-test-'));
    jpegs = await Promise.all([0, 1].map((n) => makeJpeg(64, 48, n)));
  });
  afterEach(async () => {
    await Promise.all(cameras.splice(0).map((c) => c.stop()));
    await stopTestServer(relay);
    relay = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A folder holding `frames` as 0.jpg, 1.jpg, … */
  function folder(name: string, frames: Buffer[]): string {
    const path = join(dir, name);
    mkdirSync(path);
    frames.forEach((f, i) => writeFileSync(join(path, `${i}.jpg`), f));
    return path;
  }

  async function run(cameraId: string, path: string, extra: Partial<RunOptions> = {}): Promise<RunningCamera> {
    const camera = await runCamera({
      server: relay!.url,
      token: relay!.captureToken,
      cameraId,
      transport: 'socketio',
      fps: 20,
      source: 'file',
      sourceOptions: { fps: 20, path },
      ...extra,
    });
    cameras.push(camera);
    return camera;
  }

  it("sends the source's frames to the relay until stopped", async () => {
    relay = await startTestServer();
    const camera = await run('porch', folder('plain', jpegs));
    await waitFor(() => (relay!.relay.cameras.getLocal('porch')?.framesIn ?? 0) >= 3, 'three frames at the relay');
    expect(relay.relay.latestFrame('porch')!.meta.width).toBe(64);
    await camera.stop();
    await waitFor(() => relay!.io.of(CAPTURE_NAMESPACE).sockets.size === 0, 'the connection closed');
  });

  it('resizes frames wider than --width before sending them', async () => {
    relay = await startTestServer();
    await run('yard', folder('wide', jpegs), { width: 32 });
    await waitFor(() => relay!.relay.latestFrame('yard'), 'a frame at the relay');
    expect([relay.relay.latestFrame('yard')!.meta.width, relay.relay.latestFrame('yard')!.meta.height]).toEqual([32, 24]);
  });

  it('counts a frame that cannot be re-encoded as dropped, and keeps sending the others', async () => {
    relay = await startTestServer();
    // Passes the marker check the file source makes, but holds no picture: ffmpeg gives nothing back for it.
    const empty = Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]);
    const camera = await run('shed', folder('corrupt', [jpegs[0]!, empty]), { quality: 50 });
    await waitFor(() => camera.client.stats.dropped >= 2 && (relay!.relay.cameras.getLocal('shed')?.framesIn ?? 0) >= 2, 'drops and frames');
  });

  it('rejects when the source cannot start at all', async () => {
    relay = await startTestServer();
    await expect(run('gate', join(dir, 'missing'))).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
  });

  it('restarts a source that fails after it started, saying so and when it tries again', async () => {
    relay = await startTestServer();
    const path = folder('vanishing', jpegs);
    const failures: Array<[string, number]> = [];
    await run('attic', path, {
      onSourceError: (err, retryInMs) => {
        failures.push([(err as Error & { code?: string }).code ?? err.message, retryInMs]);
        // Back before the retry: the restart finds frames again.
        jpegs.forEach((f, i) => writeFileSync(join(path, `${i}.jpg`), f));
      },
    });
    await waitFor(() => relay!.relay.cameras.getLocal('attic')?.framesIn, 'a first frame');
    jpegs.forEach((_, i) => unlinkSync(join(path, `${i}.jpg`)));
    await waitFor(() => failures.length > 0, 'the failure');
    const framesAtFailure = relay.relay.cameras.getLocal('attic')!.framesIn;
    await waitFor(() => relay!.relay.cameras.getLocal('attic')!.framesIn >= framesAtFailure + 3, 'frames again after the restart');
    // The first of the waiting schedule (camera-wait.ts): a camera that only blinked is back at once.
    expect(failures).toEqual([['SOURCE_UNAVAILABLE', 500]]);
  });

  it('makes the JPEG width a viewer watches with ffmpeg while the relay demands it, and stops within 2 s of it leaving', async () => {
    relay = await startTestServer();
    const wide = await Promise.all([0, 1].map((n) => makeJpeg(1280, 720, n)));
    const camera = await run('lawn', folder('demand', wide), { offers: ['rungs'] });
    await waitFor(() => relay!.relay.latestFrame('lawn'), 'a full frame at the relay');
    const viewer = connectViewer(relay.url, { cameraIds: ['lawn'] });
    viewer.socket.on('connect', () => viewer.socket.emit('subscribe', { cameraIds: ['lawn'], widths: { lawn: 320 }, pinned: ['lawn'] }));
    try {
      await waitFor(() => viewer.frames.length > 0, 'the viewer subscribed');
      await waitFor(() => camera.rungWidths().includes(320), 'the 320 maker started', 2000);
      const counts = () => relay!.relay.renditions.countsOf('lawn', rungFor(320)!)!;
      await waitFor(() => counts().supplied >= 5, 'five camera-side 320 frames at the relay');
      const made = counts().made;
      await waitFor(() => counts().supplied >= 10, 'five more');
      expect(counts().made).toBe(made);
      expect(viewer.frames.at(-1)!.width).toBe(320);
    } finally {
      viewer.close();
    }
    await waitFor(() => camera.rungWidths().length === 0, 'the maker stopped', 2000);
  });
});
