/**
 * The capture program with --source rtsp against a real IP camera (GStreamer's RTSP server), a real relay and a
 * real Socket.IO viewer: live frames at the sub stream's size, a wrong password shown as CAMERA_AUTH and never
 * printed, a camera that goes away waited for and back without a restart, a host name that the bundled ffmpeg
 * would crash on resolving. Stand-in ffmpegs (--ffmpeg-path scripts) play a stalling stream and an ffmpeg without -stimeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RtspSource } from '../../../capture-client/sources/rtsp.js';
import type { CameraInfo } from '../../../shared/protocol.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

// Every character a URL must percent-encode in a password, so masking is tried on both of its forms.
const PASSWORD = 'p@ss:w0rd s3cret';
const WRONG = 'wr0ng#Passw0rd';

interface Capture {
  child: ChildProcess;
  output(): string;
}

function startCapture(server: TestServer, cameraId: string, args: string[], env: Record<string, string> = {}): Capture {
  const argv = ['--server', server.url, '--camera', cameraId, '--token', server.captureToken, '--source', 'rtsp', '--fps', '10', ...args];
  const child = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function stopCapture(capture: Capture): Promise<void> {
  const { child } = capture;
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

async function camera(server: TestServer, id: string): Promise<CameraInfo | undefined> {
  const res = await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth });
  return ((await res.json()) as CameraInfo[]).find((c) => c.id === id);
}

describe.runIf(rtspCameraAvailable())('RtspSource in the capture program', () => {
  let rtsp: RtspCamera;
  let server: TestServer;
  const captures: Capture[] = [];
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    rtsp = await startRtspCamera({ user: 'admin', password: PASSWORD, fps: 15, gop: 15 });
    server = await startTestServer();
  });
  afterEach(async () => {
    viewers.splice(0).forEach((v) => v.close());
    await Promise.all(captures.splice(0).map(stopCapture));
  });
  afterAll(async () => {
    await stopTestServer(server);
    await rtsp?.stop();
  });

  it('sends the sub stream live at 640×360 from a URL with a host name, waits out the camera going away, and is live again when it is back', async () => {
    const viewer = connectViewer(server.url, { cameraIds: ['porch'] });
    viewers.push(viewer);
    // localhost: a name, which the bundled Linux ffmpeg would crash on (exit 139) if it were handed it.
    const url = rtsp.url('sub').replace('127.0.0.1', 'localhost');
    const started = Date.now();
    const capture = startCapture(server, 'porch', ['--url', url]);
    captures.push(capture);
    await waitFor(() => viewer.frames.length > 0, 'a live frame at the viewer', 20_000);
    console.log(`[rtsp] first live frame at the viewer ${Date.now() - started} ms after the capture program started`);
    await waitFor(() => viewer.frames.length >= 10, 'ten live frames');
    expect(viewer.frames.slice(-5).map((f) => [f.width, f.height])).toEqual(Array(5).fill([640, 360]));

    await rtsp.stop();
    await waitFor(async () => (await camera(server, 'porch'))?.source?.error === 'CAMERA_UNREACHABLE', 'the relay told the camera is unreachable', 15_000);
    expect(capture.output()).toMatch(/Waiting for the camera \(CAMERA_UNREACHABLE\); this program keeps running/);

    await rtsp.start();
    const before = viewer.frames.length;
    await waitFor(() => viewer.frames.length >= before + 10, 'ten live frames after the camera came back', 20_000);
    expect((await camera(server, 'porch'))?.source).toBeUndefined();
    expect(capture.child.exitCode).toBeNull();
    // The status line (every 10 s when not a terminal) says what the camera sends, with the password masked.
    await waitFor(() => /RTSP 640×360 H\.264 from rtsp:\/\/admin:\*\*\*@localhost:\d+\/sub \(tcp\)/.test(capture.output()), 'the status line', 15_000);
    expect(capture.output()).not.toContain(encodeURIComponent(PASSWORD));
    expect(capture.output()).not.toContain(PASSWORD);
  });

  it('shows a wrong password as CAMERA_AUTH on the relay and the status line, and prints it nowhere', async () => {
    const wrongUrl = rtsp.url('sub', { user: 'admin', password: WRONG });
    const capture = startCapture(server, 'shed', [], { CAMRELAY_CAMERA_URL: wrongUrl });
    captures.push(capture);
    const info = await waitFor(
      async () => {
        const c = await camera(server, 'shed');
        return c?.source?.error === 'CAMERA_AUTH' ? c : null;
      },
      "the relay told the camera's refusal",
      20_000,
    );
    expect(info.source?.message).toContain('401 Unauthorized');
    await waitFor(() => capture.output().includes('Waiting for the camera (CAMERA_AUTH)'), 'the status line saying so');

    const answers = [
      capture.output(),
      JSON.stringify(info),
      await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).text(),
      await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text(),
    ];
    for (const secret of [WRONG, encodeURIComponent(WRONG), PASSWORD, encodeURIComponent(PASSWORD)]) {
      for (const text of answers) expect(text).not.toContain(secret);
    }
  });
});

describe.skipIf(process.platform === 'win32')('RtspSource with a stand-in ffmpeg', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-rtsp-test-'));
    writeFileSync(join(dir, 'frame.jpg'), await makeJpeg(64, 48));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function standIn(name: string, script: string): string {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('ends a stream that stalls after its first frames and reports CAMERA_UNREACHABLE, as a camera that froze', async () => {
    // One frame, then silence on an open pipe: what ffmpeg shows of a camera that hangs mid-stream.
    const ffmpegPath = standIn('ffmpeg-stall', `cat '${join(dir, 'frame.jpg')}'\nexec sleep 60`);
    const source = new RtspSource({ fps: 10, url: 'rtsp://127.0.0.1:1/sub', ffmpegPath, stallMs: 300 });
    const errors: Error[] = [];
    const frames: number[] = [];
    await source.start(
      (f) => frames.push(f.width ?? 0),
      (e) => errors.push(e),
    );
    const err = await waitFor(() => errors[0], 'the stall reported', 5000);
    expect(frames).toEqual([64]);
    expect(err).toMatchObject({ code: 'CAMERA_UNREACHABLE', message: "The camera's stream stalled: no frame for 0.3 s." });
    await source.stop();
  });

  it('runs an ffmpeg that lacks -stimeout (ffmpeg 5 and later) again with -timeout', async () => {
    const ffmpegPath = standIn(
      'ffmpeg-new',
      `case " $* " in *" -stimeout "*) echo "[error] Unrecognized option 'stimeout'." >&2; exit 1;; esac\ncat '${join(dir, 'frame.jpg')}'\nexec sleep 60`,
    );
    const source = new RtspSource({ fps: 10, url: 'rtsp://127.0.0.1:1/sub', ffmpegPath });
    let frames = 0;
    await source.start(
      () => frames++,
      () => undefined,
    );
    expect(frames).toBe(1);
    await source.stop();
  });
});
