/**
 * Issue #31's "done when" for off-site evidence, with real parts: a real capture client's pictures
 * make motion events (a still scene, then a square walking past, as test/mqtt/motion-event.test.ts),
 * the relay records them, and real rclone copies each event's snapshot and clip to a real WebDAV
 * server (Debian's Apache, basic auth, an obscured password in the user's rclone.conf). The server
 * goes down and comes back, the relay restarts with an event queued, and the daily cap holds one.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventList, MotionEvent, OffsiteStatus } from '../../../shared/events.js';
import { recorderFfmpeg } from '../../../server/recording/ffmpeg-path.js';
import { dayOf, type EventRecord } from '../../../server/recording/segment-files.js';
import { CAMERA_DEFAULTS, MOTION_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import type { OffsiteConfig } from '../../../server/offsite/settings.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { RCLONE, startWebdav, webdavAvailable, type WebdavServer } from '../../helpers/webdav.js';
import { packetTimes } from '../recording/media.js';
import { sceneJpeg } from '../recording/motion/scene.js';

const CAMERA = 'porch';
const recording = {
  ...RECORDING_DEFAULTS,
  defaults: {
    ...CAMERA_DEFAULTS,
    mode: 'motion' as const,
    format: 'jpeg' as const,
    preRollSeconds: 2,
    postRollSeconds: 2,
    motion: { ...MOTION_DEFAULTS, fps: 5 },
  },
};

/**
 * Decodes every frame of a media file with ffmpeg: resolves with what ffmpeg said (empty: it plays).
 * Timed in the file's own time base (`-enc_time_base -1`): by default the null output counts in ticks of
 * the stream's guessed frame rate, and two frames captured closer than one tick (a loaded sender's burst,
 * CI 29c: "non monotonically increasing dts … 6 >= 6") land on one tick there though the file has them apart.
 */
function decodeErrors(file: string): Promise<string> {
  return new Promise((resolve) => {
    const args = ['-hide_banner', '-v', 'error', '-i', file, '-enc_time_base', '-1', '-f', 'null', '-'];
    const child = spawn(recorderFfmpeg(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('close', (code) => resolve(code === 0 ? err.trim() : `exit ${code}: ${err}`));
  });
}

describe.runIf(webdavAvailable())('off-site copies to a real WebDAV server with real rclone', () => {
  let dav: WebdavServer;
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  let tmp: string;
  let dataDir: string;
  let conf: string;
  let still: Buffer[];
  let walking: Buffer[];
  const frames: Buffer[] = [];

  const offsite = (o: Partial<OffsiteConfig> = {}): OffsiteConfig => ({
    remote: 'evidence:camrelay',
    rcloneConfig: conf,
    rclone: RCLONE,
    what: 'both',
    maxMbPerDay: 0,
    queueEvents: 500,
    parallel: 1,
    ...o,
  });

  /** A relay on the shared data folder, and the camera connected to it, its still scene learnt. */
  async function startRelay(o: Partial<OffsiteConfig> = {}, withCamera = true): Promise<TestServer> {
    server = await startTestServer({ dataDir, recording, offsite: offsite(o) });
    if (withCamera) {
      frames.splice(0, frames.length, ...still);
      camera = await startCamera(server.url, server.captureToken, CAMERA, { fps: 10, frames });
      const s = server;
      const before = s.recording.status(CAMERA).motion?.detections ?? 0;
      await waitFor(() => (s.recording.status(CAMERA).motion?.detections ?? 0) >= before + 4, 'the still scene learnt', 30_000);
    }
    return server;
  }

  async function stopRelay(): Promise<void> {
    camera?.stop();
    camera = undefined;
    await stopTestServer(server, false);
    server = undefined;
  }

  async function events(): Promise<MotionEvent[]> {
    const now = Date.now();
    const res = await fetch(`${server!.url}/api/events?from=${now - 3_600_000}&to=${now + 60_000}`, { headers: server!.adminAuth });
    return ((await res.json()) as EventList).events;
  }

  /** Someone walks past until the relay sees motion, then leaves: resolves with the ended event. */
  async function walkPast(): Promise<MotionEvent> {
    const s = server!;
    frames.splice(0, frames.length, ...walking);
    const open = await waitFor(() => s.recording.events.current(CAMERA), 'motion seen', 30_000);
    frames.splice(0, frames.length, ...still);
    return waitFor(async () => (await events()).find((e) => e.id === open.id && e.end !== null), 'the event ended', 30_000);
  }

  const statusOf = async (id: string) => (await events()).find((e) => e.id === id)?.offsite;
  /** The event's off-site status once it is `state` (the error says the last one seen). */
  async function until(id: string, state: string, timeoutMs = 60_000) {
    let last: unknown;
    return waitFor<OffsiteStatus | null>(
      async () => {
        const s = (last = await statusOf(id));
        return s?.state === state ? s : null;
      },
      `event ${id} ${state}`,
      timeoutMs,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (last: ${JSON.stringify(last)})`);
    });
  }
  const remoteDir = (e: MotionEvent) => path.join(dav.files, 'camrelay', CAMERA, dayOf(e.start));
  /** Every file on the WebDAV server under the camera's folder, relative to it. */
  const remoteFiles = () => {
    const dir = path.join(dav.files, 'camrelay', CAMERA);
    return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.includes('.')).sort() : [];
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-offsite-'));
    dataDir = path.join(tmp, 'data');
    dav = await startWebdav();
    conf = path.join(tmp, 'rclone.conf');
    writeFileSync(conf, dav.rcloneConf('evidence'));
    still = await Promise.all([0, 1, 2, 3].map((seed) => sceneJpeg({ noise: 6, seed })));
    walking = await Promise.all(Array.from({ length: 12 }, (_, i) => sceneJpeg({ noise: 6, seed: i % 4, square: { x: 40 + i * 45, y: 150 } })));
  }, 60_000);

  afterAll(async () => {
    camera?.stop();
    await stopTestServer(server, false);
    await dav?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const copied: MotionEvent[] = [];

  it("copies an event's snapshot and its clip (pre-roll to post-roll) to the WebDAV folder", async () => {
    await startRelay();
    const e = await walkPast();
    expect((await statusOf(e.id))?.state).toMatch(/^(queued|copying)$/);
    await until(e.id, 'copied');
    copied.push(e);
    const snapshot = Buffer.from(await (await fetch(`${server!.url}${e.snapshotUrl}`, { headers: server!.adminAuth })).arrayBuffer());
    expect(readFileSync(path.join(remoteDir(e), `${e.id}.jpg`)).equals(snapshot)).toBe(true);
    const clip = path.join(remoteDir(e), `${e.id}.mp4`);
    expect(await decodeErrors(clip)).toBe('');
    const times = await packetTimes(clip);
    // From the pre-roll (2 s) to the post-roll (2 s): longer than the motion itself.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(e.end! - e.start);
    expect(remoteFiles()).toEqual([`${dayOf(e.start)}/${e.id}.jpg`, `${dayOf(e.start)}/${e.id}.mp4`]);
  }, 180_000);

  it('sends the snapshot as the event starts, while it is still open (a recorder taken mid-event has sent it)', async () => {
    const s = server!;
    frames.splice(0, frames.length, ...walking);
    const open = await waitFor(() => s.recording.events.current(CAMERA), 'motion seen', 30_000);
    const file = path.join(remoteDir(open as unknown as MotionEvent), `${open.id}.jpg`);
    // The people keep walking: the event is open while its snapshot lands.
    await waitFor(() => existsSync(file), 'the snapshot on the WebDAV server', 30_000, 100);
    expect(s.recording.events.current(CAMERA)?.id).toBe(open.id);
    expect(
      readFileSync(file)
        .subarray(0, 2)
        .equals(Buffer.from([0xff, 0xd8])),
    ).toBe(true);
    frames.splice(0, frames.length, ...still);
    const e = await waitFor(async () => (await events()).find((x) => x.id === open.id && x.end !== null), 'the event ended', 30_000);
    await until(e.id, 'copied');
    copied.push(e);
    expect(remoteFiles()).toEqual(copied.flatMap((c) => [`${dayOf(c.start)}/${c.id}.jpg`, `${dayOf(c.start)}/${c.id}.mp4`]).sort());
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
    expect(metrics).toMatch(/^camrelay_offsite_start_snapshots_total [1-9]/m);
  }, 180_000);

  it('shows an event failed while the server is down, with the reason and a retry time; copies it once the server is back', async () => {
    await dav.stop();
    const e = await walkPast();
    const failed = await until(e.id, 'failed');
    expect(failed.detail).toContain('connection refused');
    expect(failed.retryAt).toBeGreaterThan(failed.at);
    await dav.start();
    await until(e.id, 'copied');
    copied.push(e);
    // Nothing lost, nothing twice: one snapshot and one clip of each event.
    expect(remoteFiles()).toEqual(copied.flatMap((c) => [`${dayOf(c.start)}/${c.id}.jpg`, `${dayOf(c.start)}/${c.id}.mp4`]).sort());
    const metrics = await (await fetch(`${server!.url}/metrics`, { headers: server!.adminAuth })).text();
    // Every event copied so far by this relay (the tests before this one share it).
    expect(metrics).toMatch(new RegExp(`^camrelay_offsite_copied_total ${copied.length}$`, 'm'));
    expect(metrics).toMatch(/^camrelay_offsite_failures_total [1-9]/m);
  }, 180_000);

  it('copies an event queued when the relay stopped once a new relay starts on the same data folder', async () => {
    await dav.stop();
    const e = await walkPast();
    await until(e.id, 'failed');
    await stopRelay();
    await dav.start();
    await startRelay({}, false);
    await until(e.id, 'copied');
    copied.push(e);
    expect(remoteFiles()).toEqual(copied.flatMap((c) => [`${dayOf(c.start)}/${c.id}.jpg`, `${dayOf(c.start)}/${c.id}.mp4`]).sort());
  }, 180_000);

  it("copies an event the relay's death left open, once the next relay has closed it as cut short", async () => {
    const files = server!.recording.files;
    const donor = copied[0]!;
    await stopRelay();
    // What a relay killed mid-event leaves: the event's record with no end, and its snapshot.
    const start = Date.now() - 3000;
    const left = { ...(JSON.parse(readFileSync(files.eventPath(donor), 'utf8')) as EventRecord), id: String(start), start, end: null, peakAt: start };
    delete left.writer;
    await files.writeEvent(left);
    copyFileSync(files.picturePath(donor, 'snapshot'), files.picturePath(left, 'snapshot'));
    await startRelay({}, false);
    await until(left.id, 'copied');
    expect((await events()).find((x) => x.id === left.id)?.cutShort).toBe(true);
    expect(
      readFileSync(path.join(remoteDir(left as unknown as MotionEvent), `${left.id}.jpg`)).equals(readFileSync(files.picturePath(donor, 'snapshot'))),
    ).toBe(true);
    expect(remoteFiles().filter((f) => f.includes(left.id) && f.endsWith('.jpg'))).toHaveLength(1);
  }, 180_000);

  it('holds an event past the daily cap, saying so, and copies nothing of it', async () => {
    const used = server!.provided.need('offsite').queue!.usedToday;
    await stopRelay();
    // Today's copies so far, and 1 KB more: the next event does not fit.
    const capMb = (used + 1024) / (1024 * 1024);
    await startRelay({ maxMbPerDay: capMb });
    const e = await walkPast();
    const held = await until(e.id, 'held');
    expect(held.detail).toBe(`daily cap of ${Math.round(capMb * 10) / 10} MB reached`);
    expect(held.retryAt).toBe(Date.UTC(new Date(e.start).getUTCFullYear(), new Date(e.start).getUTCMonth(), new Date(e.start).getUTCDate() + 1));
    expect(remoteFiles().some((f) => f.includes(e.id))).toBe(false);
  }, 180_000);

  it('says rclone is not installed on each event when the program is missing, and copies nothing', async () => {
    await stopRelay();
    await startRelay({ rclone: path.join(tmp, 'no-such-rclone') });
    const e = await walkPast();
    const failed = await until(e.id, 'failed');
    expect(failed.detail).toBe('rclone is not installed');
    expect(remoteFiles().some((f) => f.includes(e.id))).toBe(false);
  }, 180_000);
});
