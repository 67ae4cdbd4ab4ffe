import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startCamera } from '../helpers/capture.js';
import { freePort, startServerProcess } from '../helpers/processes.js';
import { TEST_ADMIN } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** Runs `npm start`'s entry point as a real process and collects what it prints. */
function runServer(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server/main', () => {
  it('exits with code 2 and one line naming the variable when a setting is bad', async () => {
    const { code, stderr } = await runServer([], { PORT: 'abc' });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['camrelay: PORT="abc" is not valid: it must be a whole number.']);
  });

  it('prints its settings for --help and exits 0', async () => {
    const { code, stdout } = await runServer(['--help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain('CAMRELAY_CAPTURE_TOKEN');
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM during live streaming, tells the clients and exits with 0 within 5 s', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-stop-'));
    const port = await freePort();
    const server = await startServerProcess(port, dataDir);
    const url = `http://127.0.0.1:${port}`;
    const camera = await startCamera(url, readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim(), 'cam');
    const viewer = io(`${url}/monitor`, { forceNew: true, reconnection: false, auth: TEST_ADMIN });
    let frames = 0;
    let told = false;
    viewer.on('connect', () => viewer.emit('subscribe', { cameraIds: '*' }));
    viewer.on('frame', (_m: unknown, _j: unknown, ack: () => void) => (frames++, ack()));
    viewer.on('server-shutdown', () => (told = true));
    try {
      await waitFor(() => frames > 5, 'frames streaming');
      const at = Date.now();
      server.child.kill('SIGTERM');
      // The deadline is the shutdown's own grace period: a hung shutdown fails here, not at the test timeout.
      await waitFor(() => server.child.exitCode !== null, 'the server to exit on SIGTERM', 5000);
      const tookMs = Date.now() - at;
      expect(server.child.exitCode).toBe(0);
      expect(told).toBe(true);
      console.log(`[shutdown] SIGTERM to exit: ${tookMs} ms, clients told`);
    } finally {
      viewer.close();
      camera.stop();
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
