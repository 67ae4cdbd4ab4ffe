/**
 * Recording an IP camera's H.265 by copy, end to end with real ffmpeg: libx265's access units sent
 * as `h264` events with `codec: 'h265'` over a real Socket.IO connection.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { hevcAccessUnits } from '../../helpers/h265.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { streamSpan } from './media.js';

const FRAMES = 60;
let server: TestServer;
let tmp: string;
let first: number;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-hevc-it-'));
  server = await startTestServer({
    offlineAfterMs: 1000,
    recording: { ...RECORDING_DEFAULTS, segmentSeconds: 60, cameras: { gate: { mode: 'continuous', fps: 15 } } },
  });
  const aus = await hevcAccessUnits();
  expect(aus).toHaveLength(FRAMES);
  const gate = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId: 'gate', offers: ['h264'] },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => gate.once('connect', () => resolve()).once('connect_error', reject));
  first = Date.now();
  for (let i = 0; i < FRAMES; i++) {
    const meta = { seq: i + 1, capturedAt: first + i * 66, keyframe: aus[i]!.keyframe, width: 640, height: 360, codec: 'h265' };
    expect(await gate.emitWithAck('h264', meta, aus[i]!.au)).toEqual({ ok: true, seq: i + 1 });
  }
  gate.disconnect();
  // At least one segment, all closed: an empty list (nothing listed yet) is no closed segment.
  await waitFor(
    async () => {
      const segments = await list();
      return segments.length > 0 && segments.every((s) => s.state === 'closed');
    },
    'the gate segment closed',
    15_000,
    200,
  );
}, 60_000);

afterAll(async () => {
  await stopTestServer(server);
  rmSync(tmp, { recursive: true, force: true });
});

async function list(): Promise<Array<{ state: string; frames: number; codec?: string; width: number; url: string }>> {
  const res = await fetch(`${server.url}/api/cameras/gate/recordings?from=${first - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
  return ((await res.json()) as { segments: Array<{ state: string; frames: number; codec?: string; width: number; url: string }> }).segments;
}

describe('recording H.265 by copy (real ffmpeg)', () => {
  it('records one segment listed as h265, whose MP4 ffmpeg reads as hevc (hvc1) of the size sent, frames within 2% of those sent', async () => {
    const segments = await list();
    expect(segments.map((s) => [s.codec, s.width])).toEqual([['h265', 640]]);
    const res = await fetch(`${server.url}${segments[0]!.url}`, { headers: server.adminAuth });
    const file = path.join(tmp, 'gate.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(readFileSync(file).includes('hvc1')).toBe(true);
    const video = (await streamSpan(file, 'v'))!;
    expect(video.codec).toBe('hevc');
    expect(Math.abs(video.packets - FRAMES) / FRAMES).toBeLessThanOrEqual(0.02);
  });
});
