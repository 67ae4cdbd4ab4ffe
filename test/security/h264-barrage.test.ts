/**
 * #37's and #55's attacks with a capture token's media units against a real relay process, beside a healthy camera
 * and its viewer: the one unit with a 70,000-byte SPS sent to a recording camera (it used to end the relay), the
 * NAL-count bombs (2 MiB of `00 00 01 67` keyframes, and of `00 00 01 41 9a` P units, 4 a second), the same bombs as
 * fast as the relay acks them (past CAMRELAY_MAX_FPS), and a flood of AAC frames. Prints one table row per attack
 * (requests, refused, the healthy viewer's share of frames, the relay's worst event-loop delay, RSS); asserts what
 * must hold whatever the machine's speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { worstLoopDelayMs } from '../helpers/event-loop.js';
import { h264AccessUnits, type AccessUnit } from '../helpers/h264.js';
import { oversizedSpsUnit, repeatedUnit } from '../helpers/hostile-h264.js';
import { freePort, startServerProcess, type Program } from '../helpers/processes.js';
import { TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { setSound } from '../helpers/sound.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { seqJpeg } from '../server/recording/media.js';
import { rssMb } from './helpers/attacks.js';

interface Ack {
  ok: boolean;
  error?: string;
  message?: string;
}

interface Row {
  attack: string;
  requests: number;
  refused: number;
  kept: string;
  lag: string;
  rss: string;
}

const token = 'h264-barrage-capture-token-0123';
const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };

describe('barrage: H.264 and sound a capture token can send', () => {
  const rows: Row[] = [];
  let relay: Program;
  let url: string;
  let dataDir: string;
  let healthy: TestCamera;
  let viewer: TestViewer;
  let units: AccessUnit[];
  const seen = () => viewer.frames.filter((f) => f.cameraId === 'healthy').length;
  const alive = () => relay.child.exitCode === null && relay.child.signalCode === null;

  /** The relay's worst event-loop delay since the last read, the histogram's sampling interval taken off. */
  const worstLagMs = () => worstLoopDelayMs(url, auth);

  function capture(cameraId: string): Promise<Socket> {
    const socket = io(`${url}/capture`, { auth: { token, cameraId, offers: ['h264'] }, forceNew: true, reconnection: false, transports: ['websocket'] });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  /** Runs `attack` and measures the healthy viewer's share of the healthy camera's frames meanwhile, and the worst delay. */
  async function measured(attack: () => Promise<{ requests: number; refused: number }>, name: string): Promise<void> {
    await worstLagMs();
    const [produced0, seen0, rss0] = [healthy.client.stats.produced, seen(), rssMb(relay.child.pid!)];
    const { requests, refused } = await attack();
    const lag = await worstLagMs();
    // At least 30 more frames after the attack, so one late frame is not 5%.
    const after = healthy.client.stats.produced;
    await waitFor(() => healthy.client.stats.produced >= after + 30, 'thirty more healthy frames', 15_000);
    await waitFor(() => seen() - seen0 >= (healthy.client.stats.produced - produced0) * 0.95, 'the healthy viewer caught up', 3000).catch(() => {});
    const share = (seen() - seen0) / (healthy.client.stats.produced - produced0);
    rows.push({
      attack: name,
      requests,
      refused,
      kept: `${(share * 100).toFixed(1)}%`,
      lag: `${lag.toFixed(0)} ms`,
      rss: `${rss0.toFixed(0)} → ${rssMb(relay.child.pid!).toFixed(0)} MB`,
    });
    expect(alive()).toBe(true);
    expect(seen()).toBeGreaterThan(seen0);
  }

  /** `count` units of `au` at `perSecond`, each its own keyframe or not, after the camera's real stream. */
  async function flood(socket: Socket, au: Buffer, keyframe: boolean, count: number, perSecond: number, firstSeq: number): Promise<Ack[]> {
    const acks: Ack[] = [];
    let due = Date.now();
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      acks.push((await socket.emitWithAck('h264', { seq: firstSeq + i, capturedAt: Date.now(), keyframe, width: 640, height: 360 }, au)) as Ack);
      due += 1000 / perSecond;
    }
    return acks;
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-h264-barrage-'));
    const recording = { defaults: { mode: 'off' }, cameras: { door: { mode: 'continuous', fps: 15 }, porch: { mode: 'continuous', fps: 15 } } };
    units = await h264AccessUnits(30, 320, 180, 30);
    relay = await startServerProcess(port, dataDir, { CAMRELAY_CAPTURE_TOKEN: token, CAMRELAY_RECORDING: JSON.stringify(recording) });
    viewer = connectViewer(url, { transports: ['websocket'], cameraIds: ['healthy'] });
    healthy = await startCamera(url, token, 'healthy', { transport: 'socketio', fps: 10 });
    await waitFor(() => seen() > 5, 'frames of the healthy camera at the viewer');
  }, 60_000);

  afterAll(async () => {
    healthy?.stop();
    viewer?.close();
    await relay?.kill();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`[h264-barrage]\n| attack | requests | refused | healthy frames kept | event-loop worst | relay RSS |\n|---|---|---|---|---|---|`);
    for (const r of rows) console.log(`| ${r.attack} | ${r.requests} | ${r.refused} | ${r.kept} | ${r.lag} | ${r.rss} |`);
  });

  it('refuses one keyframe with a 70,000-byte SPS sent to a recording camera, which goes on recording by copy', async () => {
    const door = await capture('door');
    const real = async (from: number, n: number) => {
      for (let i = 0; i < n; i++) {
        const u = units[i]!;
        const meta = { seq: from + i, capturedAt: Date.now() };
        const acks = (await Promise.all([
          door.emitWithAck('frame', meta, await seqJpeg(from + i)),
          door.emitWithAck('h264', { ...meta, keyframe: u.keyframe, width: 320, height: 180 }, u.au),
        ])) as Ack[];
        expect(acks.map((a) => a.ok)).toEqual([true, true]);
      }
    };
    let ack: Ack | undefined;
    await measured(async () => {
      await real(1, 10);
      ack = (await door.emitWithAck('h264', { seq: 11, capturedAt: Date.now(), keyframe: true, width: 640, height: 360 }, oversizedSpsUnit())) as Ack;
      return { requests: 1, refused: ack.ok ? 0 : 1 };
    }, 'one keyframe with a 70,000-byte SPS, to a recording camera');
    expect(ack).toMatchObject({ ok: false, error: 'H264_NOT_ENCODER_MADE', message: expect.stringContaining('70000 bytes') });
    // The camera's own stream goes on: the next units are taken and written.
    await real(12, 20);
    door.disconnect();
    await waitFor(
      async () => {
        const res = await fetch(`${url}/api/cameras/door/recordings`, { headers: auth });
        const { segments } = (await res.json()) as { segments: Array<{ format: string; frames: number; state: string }> };
        return segments.length > 0 && segments.every((s) => s.state === 'closed') && segments.reduce((n, s) => n + s.frames, 0) >= 30;
      },
      'the door recording closed with every one of the 30 real units',
      // Its segment is finished by ffmpeg after the camera leaves: seconds on a loaded box.
      45_000,
      200,
    );
    expect(alive()).toBe(true);
  }, 90_000);

  it('refuses 2 MiB keyframes of 00 00 01 67 repeated (524,288 NAL units), 4 a second, on a camera with a viewer', async () => {
    const bomb = await capture('bomb');
    const watcher = connectViewer(url, { transports: ['websocket'], cameraIds: ['bomb'] });
    let acks: Ack[] = [];
    await measured(async () => {
      acks = await flood(bomb, repeatedUnit([0, 0, 1, 0x67]), true, 12, 4, 1);
      return { requests: acks.length, refused: acks.filter((a) => !a.ok).length };
    }, 'keyframes of 00 00 01 67 × 524,288, 4/s for 3 s');
    watcher.close();
    bomb.disconnect();
    expect(acks.map((a) => a.error)).toEqual(Array(12).fill('H264_TOO_MANY_NALS'));
  }, 60_000);

  it('refuses 2 MiB P units of 00 00 01 41 9a repeated, 4 a second, on a recording camera', async () => {
    const porch = await capture('porch');
    let acks: Ack[] = [];
    await measured(async () => {
      acks = await flood(porch, repeatedUnit([0, 0, 1, 0x41, 0x9a]), false, 12, 4, 1);
      return { requests: acks.length, refused: acks.filter((a) => !a.ok).length };
    }, 'P units of 00 00 01 41 9a × 419,430, 4/s for 3 s, to a recording camera');
    porch.disconnect();
    expect(acks.map((a) => a.error)).toEqual(Array(12).fill('H264_TOO_MANY_NALS'));
  }, 60_000);

  it('refuses 64 KiB keyframes of 00 00 01 67 sent as fast as acks come past CAMRELAY_MAX_FPS unread, with RATE_LIMITED', async () => {
    const racer = await capture('racer');
    const acks: Ack[] = [];
    await measured(async () => {
      const bomb = repeatedUnit([0, 0, 1, 0x67], 64 * 1024);
      for (let seq = 1; seq <= 1000; seq++)
        acks.push((await racer.emitWithAck('h264', { seq, capturedAt: Date.now(), keyframe: true, width: 640, height: 360 }, bomb)) as Ack);
      return { requests: acks.length, refused: acks.filter((a) => !a.ok).length };
    }, 'keyframes of 00 00 01 67 × 16,384 (64 KiB), 1,000 as fast as acked, past 60/s');
    racer.disconnect();
    const codes = acks.map((a) => a.error);
    expect(codes.every((c) => c === 'H264_TOO_MANY_NALS' || c === 'RATE_LIMITED')).toBe(true);
    // The burst (300, 5 s of 60/s) and what the clock let in meanwhile are scanned; the rest are refused unread.
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses AAC frames past 3 s ahead of the clock with SOUND_TOO_FAST, 24,000 of 1 KiB as fast as acked', async () => {
    const noisy = await capture('noisy');
    await setSound({ url } as TestServer, 'noisy');
    const acks: Ack[] = [];
    await measured(async () => {
      const frame = Buffer.alloc(1024, 7);
      const send = (seq: number) =>
        noisy.emitWithAck('aac', { seq, capturedAt: Date.now(), sampleRate: 48000, channels: 2, config: '1190' }, frame) as Promise<Ack>;
      // Fifty in flight at a time.
      for (let first = 1; first <= 24_000; first += 50) acks.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => send(first + i)))));
      return { requests: acks.length, refused: acks.filter((a) => !a.ok).length };
    }, 'AAC frames of 1 KiB × 24,000, as fast as acked');
    noisy.disconnect();
    expect(acks.filter((a) => a.ok).length).toBeLessThan(1000);
    expect(new Set(acks.filter((a) => !a.ok).map((a) => a.error))).toEqual(new Set(['SOUND_TOO_FAST']));
  }, 120_000);
});
