/**
 * The signed-in barrage of #25 against a real relay process, beside a healthy camera and viewer:
 * a motion camera's pre-roll stuffed with 1.7 MB frames and left, `subscribe` maps of 90,000 made-up
 * ids, frames that change size to fork encoders, and exports whose answers are never read. Prints
 * one table row per attack (requests, refused, the healthy viewer's share of frames, relay RSS).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../server/admin/cli.js';
import { SegmentFiles } from '../../server/recording/segment-files.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { childProcesses, freePort, startServerProcess, type Program } from '../helpers/processes.js';
import { TEST_ADMIN } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { patience, waitFor } from '../helpers/wait.js';
import { makeNoiseMedia, noiseRecord } from '../server/recording/media.js';
import { rssMb } from './helpers/attacks.js';
import { EngineSocket } from './helpers/engine-socket.js';

interface Row {
  attack: string;
  requests: number;
  refused: number;
  kept: string;
  rss: string;
}

/** Children of `pid` whose command is ffmpeg. */
const ffmpegChildren = (pid: number) => childProcesses(pid).filter((c) => c.comm.startsWith('ffmpeg'));

/** Every media file under a camera's recordings folder. */
function mediaFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mp4') || f.endsWith('.mkv'));
  } catch {
    return [];
  }
}

/** A closed 4-s segment of camera `vault` at `start`: 640×360 noise, lossless, ~40 MB, more than a socket that is never read can buffer. */
async function writeVault(dataDir: string, start: number): Promise<void> {
  const record = noiseRecord('vault', start);

  const files = new SegmentFiles(path.join(dataDir, 'recordings'));
  mkdirSync(path.dirname(files.mediaPath(record)), { recursive: true });
  await makeNoiseMedia(files.mediaPath(record));
  await files.writeSidecar(record);
}

/**
 * The least share of the healthy camera's frames its viewer must keep through an attack: 95% on a quiet box. The relay
 * shares two cores with the test's own cameras and viewer and, in CI, with other test files: at a load of 10 the
 * pre-roll attack (25 MB/s of 1080p noise, each frame checked for motion) kept 93.8%. Past 1.5 per core, 90%; and
 * never more than 95% of what the same viewer kept just before the attack on the same box (at a load of 9-17 the
 * box alone cost it 10-16%). A viewer the attack starved still fails it, and the table prints both shares.
 */
const keptFloor = (baseline: number) => Math.min(patience() > 1.5 ? 0.9 : 0.95, baseline * 0.95);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('barrage: signed-in clients against recording, subscriptions and exports', () => {
  const token = 'record-barrage-capture-token-0123';
  const rows: Row[] = [];
  let relay: Program;
  let url: string;
  let port: number;
  let dataDir: string;
  let healthy: TestCamera;
  let viewer: TestViewer;
  let rss0: number;
  let vaultAt: number;
  const seen = () => viewer.frames.filter((f) => f.cameraId === 'healthy').length;
  /** The healthy viewer's share of the healthy camera's frames from `produced0`/`seen0` on, once it caught up. */
  async function shareSince(produced0: number, seen0: number): Promise<number> {
    await waitFor(() => seen() - seen0 >= (healthy.client.stats.produced - produced0) * 0.95, 'the healthy viewer caught up', 3000).catch(() => {});
    return (seen() - seen0) / (healthy.client.stats.produced - produced0);
  }
  /**
   * The healthy viewer's share of the healthy camera's frames while `attack` runs, and in the 30 frames (3 s) just
   * before it (`baseline`: what this box gives it with no attack).
   */
  async function keeping<T>(attack: () => Promise<T>): Promise<{ result: T; share: number; baseline: number }> {
    const [quiet0, quietSeen0] = [healthy.client.stats.produced, seen()];
    await waitFor(() => healthy.client.stats.produced >= quiet0 + 30, 'thirty healthy frames before the attack', 15_000);
    const baseline = await shareSince(quiet0, quietSeen0);
    const [produced0, seen0] = [healthy.client.stats.produced, seen()];
    const result = await attack();
    // At least 40 more frames after the attack (four seconds at 10 fps), so one late frame is not 5%.
    const after = healthy.client.stats.produced;
    await waitFor(() => healthy.client.stats.produced >= after + 40, 'forty more healthy frames', 15_000);
    return { result, share: await shareSince(produced0, seen0), baseline };
  }
  /** The table's words for a share kept, with the baseline beside it. */
  const keptWords = (share: number, baseline: number) => `${(share * 100).toFixed(1)}% (${(baseline * 100).toFixed(0)}% before)`;

  beforeAll(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-record-barrage-'));
    const recording = {
      defaults: { mode: 'off' },
      cameras: {
        healthy: { mode: 'continuous', fps: 10 },
        porch: { mode: 'motion', fps: 15, preRollSeconds: 5 },
        sizes: { mode: 'continuous', fps: 15 },
      },
      // The export attack waits this long for its stalled exports to be ended.
      exportStallSeconds: 2,
    };
    // Accounts made before the first start: the relay then makes no admin of its own, so the test's is made here too.
    const add = (user: string, role: string, password: string) =>
      runAdmin(['user', 'add', user, '--role', role, '--password', password, '--data-dir', dataDir], () => {});
    await add(TEST_ADMIN.username, 'admin', TEST_ADMIN.password);
    for (const user of ['mallory', 'eve']) await add(user, 'viewer', `${user}-password-1`);
    vaultAt = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
    await writeVault(dataDir, vaultAt);
    relay = await startServerProcess(port, dataDir, { CAMRELAY_CAPTURE_TOKEN: token, CAMRELAY_RECORDING: JSON.stringify(recording) });
    viewer = connectViewer(url, { transports: ['websocket'], cameraIds: ['healthy'] });
    healthy = await startCamera(url, token, 'healthy', { transport: 'socketio', fps: 10 });
    await waitFor(() => seen() > 5, 'frames of the healthy camera at the viewer');
    rss0 = rssMb(relay.child.pid!);
  });
  afterAll(async () => {
    healthy?.stop();
    viewer?.close();
    await relay?.kill();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`[record-barrage]\n| attack | requests | refused | healthy frames kept | relay RSS |\n|---|---|---|---|---|`);
    for (const r of rows) console.log(`| ${r.attack} | ${r.requests} | ${r.refused} | ${r.kept} | ${r.rss} |`);
  });

  it('holds a motion camera pre-roll of 1.7 MB frames within its byte cap, and frees it when the camera leaves', async () => {
    const pid = relay.child.pid!;
    const noise = await sharp(randomBytes(1920 * 1080 * 3), { raw: { width: 1920, height: 1080, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(1_500_000);
    const before = rssMb(pid);
    let porch: TestCamera | undefined;
    const { share, baseline } = await keeping(async () => {
      porch = await startCamera(url, token, 'porch', { transport: 'socketio', fps: 15, frames: [noise] });
      await waitFor(() => porch!.client.stats.produced >= 90, 'six seconds of 1.7 MB frames', 20_000);
      porch.stop();
    });
    const sent = porch!.client.stats.produced;
    // Freed once the camera is gone: the relay's RSS comes back near where it was.
    let now = rssMb(pid);
    await waitFor(() => (now = rssMb(pid)) - before <= 60, `relay RSS back within +60 MB of ${before.toFixed(0)} MB (now ${now.toFixed(0)})`, 20_000);
    rows.push({
      attack: 'pre-roll: 1.7 MB frames at 15 fps for 6 s, then gone',
      requests: sent,
      refused: 0,
      kept: keptWords(share, baseline),
      rss: `${before.toFixed(0)} → ${now.toFixed(0)} MB`,
    });
    expect(share).toBeGreaterThanOrEqual(keptFloor(baseline));
    // Three waits (the baseline, the camera's frames, the RSS) bound it: more than the default 30 s on a loaded box.
  }, 90_000);

  it('refuses subscribes with 90,000 made-up widths from six sockets at 12 a second', async () => {
    const pid = relay.child.pid!;
    const before = rssMb(pid);
    const widths = Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`made-up-${i}`, 640]));
    const body = JSON.stringify({ cameraIds: ['healthy'], widths });
    const sockets = await Promise.all(Array.from({ length: 6 }, () => EngineSocket.open(port)));
    let requests = 0;
    const { share, baseline } = await keeping(async () => {
      for (const s of sockets) s.send(`40/monitor,${JSON.stringify({ username: TEST_ADMIN.username, password: TEST_ADMIN.password })}`);
      await Promise.all(sockets.map((s) => s.next((m) => String(m).startsWith('40/monitor,'))));
      // Three seconds at 12 subscribes a second per socket, each with an ack id so refusals are counted.
      for (let tick = 0; tick < 36; tick++) {
        for (const s of sockets) s.send(`42/monitor,${requests++}["subscribe",${body}]`);
        await new Promise((r) => setTimeout(r, 1000 / 12));
      }
    });
    const answers = () => sockets.flatMap((s) => s.received.map(String).filter((m) => m.startsWith('43/monitor,')));
    // Every subscribe answered, or its socket closed by the relay.
    await waitFor(() => answers().length + sockets.filter((s) => !s.open).length * 36 >= requests, 'an answer to every subscribe', 10_000);
    const refused = requests - answers().filter((m) => m.includes('"ok":true')).length;
    sockets.forEach((s) => s.close());
    const now = rssMb(pid);
    rows.push({
      attack: 'subscribe: widths of 90,000 ids, 6 sockets × 12/s × 3 s',
      requests,
      refused,
      kept: keptWords(share, baseline),
      rss: `${before.toFixed(0)} → ${now.toFixed(0)} MB`,
    });
    expect(answers().some((m) => m.includes('"ok":true'))).toBe(false);
    expect(share).toBeGreaterThanOrEqual(keptFloor(baseline));
  }, 60_000);

  it('starts a bounded number of encoders for frames that change size fifteen times a second', async () => {
    const pid = relay.child.pid!;
    const before = rssMb(pid);
    const frames = [await makeJpeg(640, 360, 1), await makeJpeg(320, 240, 2)];
    const started = new Set<number>();
    const watch = setInterval(() => ffmpegChildren(pid).forEach((c) => started.add(c.pid)), 25);
    let sizes: TestCamera | undefined;
    const { share, baseline } = await keeping(async () => {
      sizes = await startCamera(url, token, 'sizes', { transport: 'socketio', fps: 15, frames });
      await waitFor(() => sizes!.client.stats.produced >= 60, 'four seconds of alternating sizes', 15_000);
      sizes.stop();
    });
    clearInterval(watch);
    const files = mediaFiles(path.join(dataDir, 'recordings', 'sizes'));
    const now = rssMb(pid);
    rows.push({
      attack: `frame size alternating 640×360 / 320×240 at 15 fps (segment files: ${files.length}; encoders beside the healthy camera's: ${started.size - 1})`,
      requests: sizes!.client.stats.produced,
      refused: 0,
      kept: keptWords(share, baseline),
      rss: `${before.toFixed(0)} → ${now.toFixed(0)} MB`,
    });
    // The healthy camera's own encoder is among them; a rotation needs a minimum segment length.
    expect(files.length).toBeLessThanOrEqual(2);
    expect(started.size).toBeLessThanOrEqual(4);
    expect(share).toBeGreaterThanOrEqual(keptFloor(baseline));
  }, 60_000);

  it('frees the export slots of answers never read, one export per user', async () => {
    const pid = relay.child.pid!;
    const before = rssMb(pid);
    const path = `/api/cameras/vault/export.mp4?from=${vaultAt}&to=${vaultAt + 4000}`;
    const sockets: Socket[] = [];
    /** A GET of the export on a raw socket that never reads what comes back. */
    const neverRead = (user: string) => {
      const socket = connect(port, '127.0.0.1');
      socket.pause();
      socket.on('error', () => {});
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basic(user, `${user}-password-1`)}\r\n\r\n`);
      sockets.push(socket);
    };
    const exportAs = (user: string, password: string) => fetch(`${url}${path}`, { headers: { authorization: basic(user, password) } });
    let requests = 0;
    let refused = 0;
    const codes: string[] = [];
    const { share, baseline } = await keeping(async () => {
      neverRead('mallory');
      neverRead('eve');
      requests += 2;
      await waitFor(() => ffmpegChildren(pid).length >= 3, 'both exports under way beside the healthy recorder');
      // Mallory's second export, and another user's while both slots are held.
      for (const [user, password] of [
        ['mallory', 'mallory-password-1'],
        [TEST_ADMIN.username, TEST_ADMIN.password],
      ] as const) {
        const res = await exportAs(user, password);
        requests++;
        if (res.status !== 200) refused++;
        codes.push(`${res.status} ${((await res.json().catch(() => ({}))) as { error?: string }).error}`);
      }
      // The stalled exports end after exportStallSeconds, and the other user's export goes through.
      await waitFor(
        async () => {
          const res = await exportAs(TEST_ADMIN.username, TEST_ADMIN.password);
          requests++;
          if (res.status !== 200) refused++;
          await res.arrayBuffer();
          return res.status === 200;
        },
        "another user's export once the stalled ones end",
        15_000,
        250,
      );
    });
    await waitFor(() => ffmpegChildren(pid).length <= 1, 'no export ffmpeg left running');
    sockets.forEach((s) => s.destroy());
    const now = rssMb(pid);
    rows.push({
      attack: 'exports whose answers are never read (2 users), then a second per user and a third user',
      requests,
      refused,
      kept: keptWords(share, baseline),
      rss: `${before.toFixed(0)} → ${now.toFixed(0)} MB`,
    });
    expect(codes).toEqual(['409 EXPORT_RUNNING', '503 EXPORT_BUSY']);
    expect(share).toBeGreaterThanOrEqual(keptFloor(baseline));
  }, 120_000);

  it('ends the barrage within +60 MB of where the relay started', async () => {
    const pid = relay.child.pid!;
    let now = rssMb(pid);
    await waitFor(() => (now = rssMb(pid)) - rss0 <= 60, `relay RSS within +60 MB of ${rss0.toFixed(0)} MB (now ${now.toFixed(0)})`, 20_000);
    rows.push({
      attack: 'all of the above',
      requests: rows.reduce((n, r) => n + r.requests, 0),
      refused: rows.reduce((n, r) => n + r.refused, 0),
      kept: '',
      rss: `${rss0.toFixed(0)} → ${now.toFixed(0)} MB`,
    });
    expect(now - rss0).toBeLessThanOrEqual(60);
  });
});
