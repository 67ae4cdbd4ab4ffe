/**
 * The capture client as a program: a stop request while ffmpeg is still opening the camera (startup can take 10 s)
 * ends the program promptly and ffmpeg with it. The stand-in ffmpeg (--ffmpeg-path) writes its pid and never sends a frame.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(process.platform === 'win32')('capture client program', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrelay-main-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['SIGINT', 'SIGHUP', 'SIGTERM'] as const)('stops ffmpeg and exits at %s while the camera is still starting', async (signal) => {
    const pidFile = join(dir, `${signal}.pid`);
    const ffmpeg = join(dir, `ffmpeg-${signal}`);
    writeFileSync(ffmpeg, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 60\n`);
    chmodSync(ffmpeg, 0o755);
    // Port 9 (discard): nothing listens, and the stop must not wait for a connection either.
    const args = [
      '--server',
      'http://127.0.0.1:9',
      '--camera',
      'cam',
      '--token',
      't',
      '--source',
      'ffmpeg',
      '--device',
      '/dev/video0',
      '--ffmpeg-path',
      ffmpeg,
    ];
    const child = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'ffmpeg to start', 20_000);
      const ffmpegPid = Number(readFileSync(pidFile, 'utf8'));
      expect(isAlive(ffmpegPid)).toBe(true);
      child.kill(signal);
      // Well inside ffmpeg's 10 s wait for a first frame: the stop does not wait for that.
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5000))]);
      expect(code, output).toBe(0);
      expect(output).toContain(`stopped (${signal}) before the camera was running`);
      await waitFor(() => !isAlive(ffmpegPid), 'ffmpeg to be gone', 3000);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
