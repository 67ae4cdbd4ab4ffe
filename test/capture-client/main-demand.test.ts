/**
 * The capture program's work follows the relay's demand (#28): its H.264 ffmpeg (libx264) runs while the
 * camera records and a rung's ffmpeg while a viewer watches at that width, each started and ended within
 * 2 s of the change. A real relay, and the real program as users start it, whose ffmpeg children are read
 * from /proc (Linux; the Windows plumbing is the same spawn with an argument array).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { rungFor } from '../../server/relay/rungs.js';
import type { RecordingSource } from '../../shared/recording-status.js';
import { childProcesses, startCaptureProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';

/** The bound on a demand change reaching the camera side's work. */
const WITHIN_MS = 2000;
const R320 = rungFor(320)!;

let relay: TestServer;
let capture: Program;
const offered = new Set<string>();

/** The capture program's ffmpeg children, as their argument lists. */
function ffmpegs(): string[][] {
  const found: string[][] = [];
  for (const { pid, comm } of childProcesses(capture.child.pid!)) {
    if (!comm.startsWith('ffmpeg')) continue;
    try {
      found.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
    } catch {
      // gone between the listing and the read
    }
  }
  return found;
}

const h264Running = () => ffmpegs().some((args) => args.includes('libx264'));
const rungRunning = (width: number) => ffmpegs().some((args) => !args.includes('libx264') && args.some((a) => a.includes(`min(iw\\,${width})`)));

async function setRecording(mode: 'off' | 'continuous'): Promise<void> {
  const res = await fetch(`${relay.url}/api/cameras/door/recording`, {
    method: 'PUT',
    headers: { cookie: await login(relay), ...sameOrigin(relay), 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(res.status).toBe(200);
}

async function source(): Promise<RecordingSource | undefined> {
  const res = await fetch(`${relay.url}/api/cameras/door/recordings?from=${Date.now() - 60_000}&to=${Date.now() + 60_000}`, { headers: relay.adminAuth });
  return ((await res.json()) as { recording: { source?: RecordingSource } }).recording.source;
}

beforeAll(async () => {
  relay = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { door: { mode: 'off', fps: 10 } } } });
  relay.relay.cameraSide.intake.onOffered((id) => offered.add(id));
  capture = startCaptureProcess(relay.url, relay.captureToken, 'door', ['--transport', 'socketio']);
  // The encoder pick (a one-frame libx264 test) is done once the program offers h264; nothing asks for it yet.
  await waitFor(() => offered.has('door'), 'the program offering h264', 30_000, 50);
  await waitFor(() => !h264Running(), 'the encoder pick’s ffmpeg gone', 10_000, 50);
}, 60_000);

afterAll(async () => {
  await capture?.kill();
  await stopTestServer(relay);
});

describe.runIf(process.platform === 'linux')('the capture program under the relay’s demand', () => {
  it('starts its H.264 ffmpeg within 2 s of recording switched on, and the relay records by copy', async () => {
    expect(h264Running()).toBe(false);
    await setRecording('continuous');
    await waitFor(h264Running, 'a libx264 ffmpeg under the capture program', WITHIN_MS, 50);
    const copied = await waitFor(async () => {
      const s = await source();
      return s && s.copies >= 1 && s.uplinkBytes > 0 ? s : null;
    }, 'H.264 recorded by copy');
    expect(copied.encoders).toBe(0);
  });

  it('ends its H.264 ffmpeg within 2 s of recording switched off', async () => {
    await setRecording('off');
    await waitFor(() => !h264Running(), 'the libx264 ffmpeg gone', WITHIN_MS, 50);
  });

  it('makes the 320 rung within 2 s of a viewer watching at 320, which the relay passes on without resizing, and ends it within 2 s of the viewer leaving', async () => {
    expect(rungRunning(320)).toBe(false);
    const viewer: TestViewer = connectViewer(relay.url, { transports: ['websocket'], cameraIds: ['door'], auth: TEST_ADMIN });
    try {
      viewer.socket.on('connect', () => viewer.socket.emit('subscribe', { cameraIds: ['door'], widths: { door: 320 }, pinned: ['door'] }));
      await waitFor(() => viewer.socket.connected, 'the viewer connected');
      await waitFor(() => rungRunning(320), 'a 320 ffmpeg under the capture program', WITHIN_MS, 50);
      await waitFor(() => (relay.relay.renditions.countsOf('door', R320)?.supplied ?? 0) >= 5, 'five camera-side 320 JPEGs passed on');
      const made = relay.relay.renditions.countsOf('door', R320)!.made;
      const seen = viewer.frames.length;
      await waitFor(() => viewer.frames.length >= seen + 10, 'ten more frames at the viewer');
      // Once the camera side supplies the rung, the relay resizes none of it.
      expect(relay.relay.renditions.countsOf('door', R320)!.made).toBe(made);
      expect(viewer.frames.slice(seen).every((f) => f.width === 320)).toBe(true);
    } finally {
      viewer.close();
    }
    await waitFor(() => !rungRunning(320), 'the 320 ffmpeg gone', WITHIN_MS, 50);
  });
});
