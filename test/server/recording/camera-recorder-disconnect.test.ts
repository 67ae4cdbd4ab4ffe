/**
 * A recording camera leaves (its Socket.IO capture connection ends), with the real relay and ffmpeg:
 * what it saw last is in a closed segment at once, not after the offline grace, and a listing never
 * counts a frame the served file does not hold (issue #25).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureClient } from '../../../capture-client/capture-client.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { decodedSeqs, packetTimes, seqJpeg } from './media.js';

interface Listed {
  segments: Array<{ id: string; start: number; end: number; frames: number; state: string; endReason: string | null; width: number; url: string }>;
}

let server: TestServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-disconnect-'));
  server = await startTestServer({
    // A long offline grace: only the connection's end can close the segment within the test's deadlines.
    offlineAfterMs: 60_000,
    recording: {
      ...RECORDING_DEFAULTS,
      preRollMb: 8,
      cameras: { door: { mode: 'continuous', fps: 15 }, sizes: { mode: 'continuous', fps: 15 }, still: { mode: 'motion', fps: 15, preRollSeconds: 5 } },
    },
  });
});
afterAll(async () => {
  await stopTestServer(server);
  rmSync(tmp, { recursive: true, force: true });
});

const camera = (id: string) =>
  new CaptureClient({ server: server.url, token: server.captureToken, cameraId: id, transport: 'socketio', fps: 15, ackTimeoutMs: 5000 });

async function list(id: string): Promise<Listed> {
  const res = await fetch(`${server.url}/api/cameras/${id}/recordings?from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

async function download(url: string): Promise<string> {
  const res = await fetch(`${server.url}${url}`, { headers: server.adminAuth });
  const file = path.join(tmp, `${url.replace(/\W/g, '_')}-${Date.now()}.mp4`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

/** Pushes `frames` in turn, one every `everyMs`, while `until()` is false. */
async function send(client: CaptureClient, frames: (n: number) => Buffer, everyMs: number, until: (n: number) => boolean | Promise<boolean>): Promise<number> {
  let n = 0;
  for (; !(await until(n)); n++) {
    client.push({ jpeg: frames(n), capturedAt: Date.now() });
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return n;
}

describe('a recording camera that disconnects (real relay and ffmpeg)', () => {
  it('lists an open segment only as far as its served file holds, then closes it at once when the camera leaves', async () => {
    const jpegs = await Promise.all(Array.from({ length: 80 }, (_, i) => seqJpeg(i + 1)));
    const client = camera('door');
    let checked = 0;
    // While it sends: each listing's frames are in the file served right after (which only grows).
    await send(
      client,
      (n) => jpegs[n]!,
      100,
      async (n) => {
        if (n < 25 || n % 5 !== 0) return n >= 75;
        const open = (await list('door')).segments.find((s) => s.state === 'open');
        if (open) {
          expect(open.frames).toBeLessThanOrEqual((await packetTimes(await download(open.url))).length);
          checked++;
        }
        return n >= 75;
      },
    );
    expect(checked).toBeGreaterThan(0);
    client.close();
    const closed = await waitFor(
      async () => {
        const { segments } = await list('door');
        return segments.length > 0 && segments.every((s) => s.state === 'closed') ? segments : null;
      },
      'the segment closed after the camera left',
      8000,
      100,
    );
    expect(closed.map((s) => s.endReason)).toEqual(['camera-offline']);
    const seqs = await decodedSeqs(await download(closed[0]!.url));
    expect(seqs.length).toBe(closed[0]!.frames);
    expect(seqs.at(-1)).toBeGreaterThanOrEqual(70);
  }, 60_000);

  it('makes one segment, one encoder, of 3 s of frames alternating 640×360 and 320×240', async () => {
    const frames = await Promise.all([makeJpeg(640, 360, 1), makeJpeg(320, 240, 2)]);
    const client = camera('sizes');
    await send(
      client,
      (n) => frames[n % 2]!,
      66,
      (n) => n >= 45,
    );
    client.close();
    const { segments } = await waitFor(async () => {
      const l = await list('sizes');
      return l.segments.length > 0 && l.segments.every((s) => s.state === 'closed') ? l : null;
    }, 'the segment closed');
    expect(segments).toHaveLength(1);
    const status = (await (await fetch(`${server.url}/api/cameras/sizes/recording`, { headers: server.adminAuth })).json()) as {
      dropped: Record<string, number>;
    };
    expect(status.dropped.size_change).toBeGreaterThan(0);
  }, 30_000);

  it('holds a motion camera’s pre-roll of big frames under its cap, says it was cut short, and lets it go when the camera leaves', async () => {
    // Noise compresses badly: about 0.7 MB a frame, so 30 of them are more than the 8 MB cap.
    const px = Buffer.alloc(1280 * 720 * 3);
    for (let i = 0; i < px.length; i++) px[i] = (i * 2654435761) >>> 24;
    const jpeg = await sharp(px, { raw: { width: 1280, height: 720, channels: 3 } })
      .jpeg({ quality: 92 })
      .toBuffer();
    expect(jpeg.length * 30).toBeGreaterThan(8 * 1024 * 1024);
    const client = camera('still');
    type Status = { preRoll: { bytes: number; short: { seconds: number; cap: string; capMb: number } | null } };
    const status = async () => (await (await fetch(`${server.url}/api/cameras/still/recording`, { headers: server.adminAuth })).json()) as Status;
    await send(
      client,
      () => jpeg,
      66,
      async (n) => n >= 30,
    );
    const during = await waitFor(async () => ((await status()).preRoll.short ? status() : null), 'the pre-roll cut short');
    expect(during.preRoll.bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(during.preRoll.short).toMatchObject({ cap: 'camera', capMb: 8 });
    client.close();
    await waitFor(async () => (await status()).preRoll.bytes === 0, 'the pre-roll let go');
  }, 30_000);
});
