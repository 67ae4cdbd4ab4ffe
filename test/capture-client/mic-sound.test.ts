/**
 * A webcam PC's microphone as its camera's sound (#40), end to end with real parts: the capture program (a child
 * process, the test pattern as its pictures) with `--audio-device` read by ffmpeg (a generated 440 Hz tone through
 * ffmpeg's lavfi input, standing in for the PC's sound card), a real relay recording the camera. Until an admin turns
 * the camera's sound on, no sound is sent; then a listening viewer hears 48 kHz mono AAC and the recording keeps it.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveAacMeta } from '../../shared/live-audio.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { CaptureProgram } from '../helpers/capture-program.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { setSound, startMicCamera } from '../helpers/sound.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let program: CaptureProgram;
let viewer: Socket;
const heard: LiveAacMeta[] = [];
const since = Date.now();

beforeAll(async () => {
  server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 4, cameras: { desk: { mode: 'continuous', fps: 10 } } } });
  program = startMicCamera(server, 'desk', 320);
  viewer = io(`${server.url}/monitor`, { auth: { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, transports: ['websocket'], forceNew: true });
  viewer.on('aac', (meta: LiveAacMeta, _frame: unknown, ack: () => void) => {
    heard.push(meta);
    ack();
  });
  await waitFor(
    async () => {
      const list = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth, signal: AbortSignal.timeout(5000) })).json()) as Array<{
        id: string;
        h264?: boolean;
      }>;
      return list.some((c) => c.id === 'desk' && c.h264);
    },
    'the desk camera offering H.264',
    60_000,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the capture program said: ${program.output().slice(-1500)}`);
  });
}, 120_000);

afterAll(async () => {
  viewer?.close();
  await program?.kill();
  await stopTestServer(server);
});

describe('a webcam PC with --audio-device', () => {
  it("sends no sound while the camera's sound is off, though it records; once on, a listener hears the microphone", async () => {
    const reply = await viewer.timeout(10_000).emitWithAck('subscribe', { cameraIds: ['desk'], audio: ['desk'] });
    expect(reply).toMatchObject({ ok: true });
    // Recording asks for the H.264: segments close, and with the sound off none of them has sound.
    await waitFor(async () => (await segments()).some((s) => s.state === 'closed'), 'a closed segment', 30_000, 250);
    expect(heard).toEqual([]);
    expect((await segments()).every((s) => s.audio === undefined)).toBe(true);

    await setSound(server, 'desk');
    await waitFor(() => heard.length >= 50, '50 frames of the microphone at the listener', 30_000, 100);
    expect(heard[0]).toMatchObject({ cameraId: 'desk', sampleRate: 48_000, channels: 1 });
    const seqs = heard.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }, 90_000);

  it("keeps the microphone's sound in the recording once the sound is on", async () => {
    await waitFor(async () => (await segments()).some((s) => s.state === 'closed' && s.audio === 'aac'), 'a closed segment with sound', 30_000, 250);
  }, 60_000);
});

async function segments(): Promise<Array<{ state: string; audio?: string }>> {
  const res = await fetch(`${server.url}/api/cameras/desk/recordings?from=${since - 60_000}&to=${Date.now() + 60_000}`, { headers: server.adminAuth });
  return ((await res.json()) as { segments: Array<{ state: string; audio?: string }> }).segments;
}
