/**
 * Recording by copy, end to end with real ffmpeg: a capture client that offers H.264 sends its JPEGs
 * (live) and libx264's access units over a real Socket.IO connection; a JPEG-only client beside it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingSource } from '../../../shared/recording-status.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { h264AccessUnits } from '../../helpers/h264.js';
import { childProcesses } from '../../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { packetTimes, seqJpeg } from './media.js';

interface Listed {
  segments: Array<{ start: number; end: number; frames: number; format: string; state: string; endReason: string; url: string }>;
  gaps: Array<{ start: number; end: number; reason: string }>;
  recording: { dropped: Record<string, number>; source?: RecordingSource };
}

/** Access units 41-45 never reach the relay (seq 41-45 are skipped): a hole in the middle of the second GOP. */
const HOLE = { from: 40, to: 45 };
const FRAMES = 90;
let server: TestServer;
let tmp: string;
/** Capture time of each access unit by index; undefined for those lost in the hole. */
const sentAt: Array<number | undefined> = [];
/** The recorders' ffmpegs seen mid-run: copy or encode, and their priority (nice). */
let ffmpegs: Array<{ kind: 'copy' | 'encode'; nice: number }> = [];
let first: number;

function connect(cameraId: string, offers?: string[]): Promise<Socket> {
  const socket = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId, ...(offers ? { offers } : {}) },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function list(camera: string): Promise<Listed> {
  const res = await fetch(`${server.url}/api/cameras/${camera}/recordings?from=${first - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

async function download(url: string): Promise<string> {
  const res = await fetch(`${server.url}${url}`, { headers: server.adminAuth });
  expect(res.status).toBe(200);
  const file = path.join(tmp, url.replace(/\W/g, '_'));
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-copy-it-'));
  server = await startTestServer({
    offlineAfterMs: 1000,
    recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras: { door: { mode: 'continuous', fps: 15 }, yard: { mode: 'continuous', fps: 15 } } },
  });
  const aus = await h264AccessUnits(FRAMES);
  const jpeg = await seqJpeg(1);
  const door = await connect('door', ['h264']);
  const yard = await connect('yard');
  first = Date.now();
  let due = first;
  for (let i = 0; i < FRAMES; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const at = Date.now();
    const meta = { seq: i + 1, capturedAt: at };
    const sends: Array<Promise<unknown>> = [door.emitWithAck('frame', meta, jpeg), yard.emitWithAck('frame', meta, jpeg)];
    if (i < HOLE.from || i >= HOLE.to) {
      sends.push(door.emitWithAck('h264', { ...meta, keyframe: aus[i]!.keyframe, width: 320, height: 180 }, aus[i]!.au));
      sentAt[i] = at;
    }
    const acks = (await Promise.all(sends)) as Array<{ ok: boolean }>;
    expect(acks.every((a) => a.ok)).toBe(true);
    due = at + 66;
    if (i === FRAMES - 10) {
      ffmpegs = childProcesses(process.pid)
        .filter((c) => c.comm === 'ffmpeg')
        .map(({ pid }) => ({
          kind: readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('libx264') ? ('encode' as const) : ('copy' as const),
          nice: getPriority(pid),
        }));
    }
  }
  door.disconnect();
  yard.disconnect();
  await waitFor(async () => (await list('door')).segments.every((s) => s.state === 'closed'), 'the door segments closed', 15_000, 200);
  await waitFor(async () => (await list('yard')).segments.every((s) => s.state === 'closed'), 'the yard segment closed', 15_000, 200);
}, 60_000);

afterAll(async () => {
  await stopTestServer(server);
  rmSync(tmp, { recursive: true, force: true });
});

describe('recording by copy (real ffmpeg)', () => {
  it('starts no encoder for a client sending H.264, and one for a JPEG-only client beside it', async () => {
    const door = (await list('door')).recording.source!;
    expect(door).toMatchObject({ encoders: 0, copies: 2, fallbacks: 0, note: null });
    expect(door.uplinkBytes).toBeGreaterThan(0);
    const yard = (await list('yard')).recording.source!;
    expect(yard).toMatchObject({ mode: 'encode', encoders: 1, copies: 0, uplinkBytes: 0 });
  });

  it.runIf(process.platform === 'linux')("runs the copy at the relay's own priority and the encoder at the lowest", () => {
    // A copy costs ~0.3% of a core: at nice 19 beside busy processes it could not drain its pipe. An encoder yields to live viewing.
    expect(getPriority(), 'the test runs above the lowest priority, or the two cannot differ').toBeLessThan(19);
    expect(ffmpegs.map((f) => f.kind).sort()).toEqual(['copy', 'encode']);
    expect(ffmpegs.find((f) => f.kind === 'copy')!.nice).toBe(getPriority());
    expect(ffmpegs.find((f) => f.kind === 'encode')!.nice).toBe(19);
  });

  it('writes every access unit around the hole, each at its own capture time, into fMP4 segments ffmpeg reads', async () => {
    const { segments } = await list('door');
    // Before the hole; after it, from the next keyframe (index 60) on.
    const kept = [sentAt.slice(0, HOLE.from), sentAt.slice(60)] as number[][];
    expect(segments.map((s) => [s.format, s.frames])).toEqual([
      ['h264', kept[0]!.length],
      ['h264', kept[1]!.length],
    ]);
    for (const [n, s] of segments.entries()) {
      const times = await packetTimes(await download(s.url));
      // Media time 0 is the segment's start; each frame lies as far from the first as it was captured.
      expect(times).toEqual(kept[n]!.map((at) => at - kept[n]![0]!));
      expect(s.end - s.start).toBe(kept[n]!.at(-1)! - kept[n]![0]! + 67);
    }
  });

  it('marks the hole as an uplink gap and counts the access units dropped up to the next keyframe', async () => {
    const { segments, gaps, recording } = await list('door');
    expect(segments.map((s) => s.endReason)).toEqual(['uplink', 'camera-offline']);
    const inside = gaps.filter((g) => g.start >= segments[0]!.start && g.end <= segments[1]!.start);
    expect(inside).toEqual([{ start: segments[0]!.end, end: segments[1]!.start, reason: 'uplink' }]);
    expect(recording.dropped.uplink).toBe(60 - HOLE.to);
  });

  it('reports the uplink bytes and the dropped access units in /metrics', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    const { recording } = await list('door');
    expect(metrics).toContain(`camrelay_recording_uplink_bytes_total{camera="door"} ${recording.source!.uplinkBytes}`);
    expect(metrics).toContain(`camrelay_recording_dropped_total{camera="door",reason="uplink"} ${60 - HOLE.to}`);
    expect(metrics).toContain('camrelay_recording_segments_started_total{camera="yard",how="encode"} 1');
  });

  it('exports a copy-recorded stretch as one MP4 ffmpeg reads, with the frames of both segments', async () => {
    const { segments } = await list('door');
    const res = await fetch(`${server.url}/api/cameras/door/export.mp4?from=${segments[0]!.start}&to=${segments[1]!.end}`, { headers: server.adminAuth });
    expect(res.status).toBe(200);
    const file = path.join(tmp, 'export.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect((await packetTimes(file)).length).toBe(segments[0]!.frames + segments[1]!.frames);
  });
});
