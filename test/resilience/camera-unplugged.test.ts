/**
 * The capture program waits for a camera in use by another app or unplugged, also at start (#26 item 6):
 * it keeps running, the relay's camera entry says why no frames come, and frames flow again within 5 s
 * of the camera coming back, with no restart. The stand-in ffmpeg (--ffmpeg-path) prints what DirectShow
 * prints for each case, or sends JPEGs, as the test's state file says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_SCHEDULE_MS } from '../../capture-client/camera-wait.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/capture/${name}`, import.meta.url), 'utf8');

/** A Node script run as ffmpeg: `busy` and `missing` print recorded dshow stderr and exit 1; `ok` sends a JPEG every 100 ms. */
function standInFfmpeg(dir: string, stateFile: string, jpegFile: string): string {
  const path = join(dir, 'ffmpeg');
  const busy = fixture('dshow-busy.txt').replaceAll('Integrated Camera', 'Logitech Webcam');
  const missing = fixture('dshow-not-found.txt');
  writeFileSync(
    path,
    `#!${process.execPath}
const fs = require('node:fs');
const said = { busy: ${JSON.stringify(busy)}, missing: ${JSON.stringify(missing)} };
const state = fs.readFileSync(${JSON.stringify(stateFile)}, 'utf8').trim();
if (state !== 'ok') {
  process.stderr.write(said[state]);
  process.exit(1);
}
const jpeg = fs.readFileSync(${JSON.stringify(jpegFile)});
setInterval(() => process.stdout.write(jpeg), 100);
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(process.platform === 'win32')('a camera taken by another app or unplugged', () => {
  let dir: string;
  let relay: TestServer;
  let viewer: TestViewer | undefined;
  let program: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-camera-wait-'));
    relay = await startTestServer();
  });
  afterAll(async () => {
    viewer?.close();
    program?.kill('SIGKILL');
    await stopTestServer(relay);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is waited for from the start, shown on the camera entry, and streams again within 5 s of coming back', async () => {
    const state = join(dir, 'state');
    const jpeg = join(dir, 'frame.jpg');
    writeFileSync(jpeg, await makeJpeg(64, 48));
    writeFileSync(state, 'busy');
    const ffmpeg = standInFfmpeg(dir, state, jpeg);
    const args = ['--server', relay.url, '--camera', 'desk', '--token', relay.captureToken, '--transport', 'socketio'];
    args.push('--source', 'ffmpeg', '--device', 'Logitech Webcam', '--fps', '10', '--ffmpeg-path', ffmpeg);
    program = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    program.stderr!.on('data', (d) => (output += d));
    program.stdout!.on('data', (d) => (output += d));
    viewer = connectViewer(relay.url);
    const entry = () => viewer!.cameras.find((c) => c.id === 'desk');

    // Held by Teams at start: the program keeps running and the relay shows why.
    await waitFor(() => entry()?.source?.error === 'CAMERA_BUSY', "CAMERA_BUSY on the viewer's camera list", 20_000);
    expect(relay.relay.cameras.get('desk')?.source).toMatchObject({
      state: 'waiting',
      error: 'CAMERA_BUSY',
      message: expect.stringContaining('Could not run graph'),
    });
    expect(entry()!.online).toBe(true);
    expect(output).toContain('Waiting for the camera (CAMERA_BUSY); this program keeps running.');

    // Unplugged: DirectShow's "Could not find video device" is CAMERA_GONE.
    writeFileSync(state, 'missing');
    await waitFor(() => entry()?.source?.error === 'CAMERA_GONE', 'CAMERA_GONE on the camera list', 10_000);
    expect(entry()!.source!.message).toContain('Could not find video device with name [Logitech Webcam]');
    expect(program.exitCode, output).toBeNull();
    expect(viewer.frames).toHaveLength(0);

    // Back: the next try (the schedule's longest wait) finds it, well inside the 5 s.
    expect(Math.max(...RETRY_SCHEDULE_MS)).toBeLessThanOrEqual(3000);
    writeFileSync(state, 'ok');
    await waitFor(() => viewer!.frames.length > 0, 'a frame at the viewer within 5 s of the camera coming back', 5000);
    await waitFor(() => entry() && entry()!.source === undefined, 'the reason cleared from the camera list', 5000);
    expect(output).toContain('The camera is back: frames flow again.');
    expect(program.exitCode).toBeNull();
  });
});
