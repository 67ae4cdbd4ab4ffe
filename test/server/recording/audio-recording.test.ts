/**
 * Recording by copy with the camera's sound, end to end with real ffmpeg: a capture client sends
 * libx264's access units and ffmpeg's AAC frames over a real Socket.IO connection, and a few hostile
 * `aac` events between them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { AAC_FRAME_MAX_BYTES } from '../../../shared/demand.js';
import { h264AccessUnits } from '../../helpers/h264.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { setSound } from '../../helpers/sound.js';
import { aacFrames } from './aac-fixtures.js';
import { streamSpan } from './media.js';

interface Listed {
  segments: Array<{ start: number; end: number; frames: number; state: string; audio?: string; url: string }>;
}

const FRAMES = 90;
let server: TestServer;
let tmp: string;
let first: number;
const refusals: Array<{ ok: boolean; error?: string }> = [];

async function list(): Promise<Listed> {
  const res = await fetch(`${server.url}/api/cameras/door/recordings?from=${first - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
  return (await res.json()) as Listed;
}

async function download(url: string, name: string): Promise<string> {
  const res = await fetch(`${server.url}${url}`, { headers: server.adminAuth });
  expect(res.status).toBe(200);
  const file = path.join(tmp, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-audio-it-'));
  server = await startTestServer({
    offlineAfterMs: 1000,
    recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras: { door: { mode: 'continuous', fps: 15 } } },
  });
  const aus = await h264AccessUnits(FRAMES);
  const sound = await aacFrames(8);
  const door: Socket = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId: 'door', offers: ['h264'] },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => door.once('connect', () => resolve()).once('connect_error', reject));
  // Its sound on (#40: a camera's is off until an admin turns it on, and the relay refuses it till then).
  await setSound(server, 'door');
  const aac = (seq: number, capturedAt: number) => ({ seq, capturedAt, sampleRate: sound.sampleRate, channels: sound.channels, config: sound.config });
  first = Date.now();
  let due = first;
  let a = 0;
  for (let i = 0; i < FRAMES; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const at = Date.now();
    const sends: Array<Promise<{ ok: boolean }>> = [];
    // The sound captured up to this picture, each frame at its own capture time.
    for (; a * sound.frameMs <= at - first; a++) sends.push(door.emitWithAck('aac', aac(a + 1, first + Math.round(a * sound.frameMs)), sound.frames[a]!));
    sends.push(door.emitWithAck('h264', { seq: i + 1, capturedAt: at, keyframe: aus[i]!.keyframe, width: 320, height: 180 }, aus[i]!.au));
    if (i === 45) {
      refusals.push(await door.emitWithAck('aac', aac(10_000, at), Buffer.alloc(AAC_FRAME_MAX_BYTES + 1)));
      refusals.push(await door.emitWithAck('aac', { ...aac(10_001, at), config: 'zz' }, sound.frames[0]!));
      refusals.push(await door.emitWithAck('aac', { ...aac(10_002, at), sampleRate: 100_000 }, sound.frames[0]!));
    }
    expect((await Promise.all(sends)).every((r) => r.ok)).toBe(true);
    due = at + 66;
  }
  door.disconnect();
  await waitFor(async () => (await list()).segments.every((s) => s.state === 'closed'), 'the door segment closed', 15_000, 200);
}, 60_000);

afterAll(async () => {
  await stopTestServer(server);
  rmSync(tmp, { recursive: true, force: true });
});

describe('recording by copy with AAC (real ffmpeg)', () => {
  it('refuses an oversized frame, a bad config and a bad rate with their codes', () => {
    expect(refusals.map((r) => r.error)).toEqual(['AAC_TOO_LARGE', 'BAD_AAC', 'BAD_AAC']);
  });

  it('records one segment, listed with audio, whose file has an AAC stream as long as its video (within 5%), all the video frames kept', async () => {
    const { segments } = await list();
    expect(segments.map((s) => [s.frames, s.audio])).toEqual([[FRAMES, 'aac']]);
    const file = await download(segments[0]!.url, 'segment.mp4');
    const video = (await streamSpan(file, 'v'))!;
    const audio = (await streamSpan(file, 'a'))!;
    expect([video.codec, video.packets, audio.codec]).toEqual(['h264', FRAMES, 'aac']);
    expect(Math.abs(audio.ms - video.ms) / video.ms).toBeLessThan(0.05);
  });

  it('exports the stretch with its sound', async () => {
    const { segments } = await list();
    const res = await fetch(`${server.url}/api/cameras/door/export.mp4?from=${segments[0]!.start}&to=${segments[0]!.end}`, { headers: server.adminAuth });
    expect(res.status).toBe(200);
    const file = path.join(tmp, 'export.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const audio = (await streamSpan(file, 'a'))!;
    expect(audio.codec).toBe('aac');
    expect(Math.abs(audio.ms - (await streamSpan(file, 'v'))!.ms)).toBeLessThan(0.05 * 6000);
  });
});
