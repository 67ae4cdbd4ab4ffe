/**
 * The README's first two commands: after `npm install`, `npm run demo` is the relay with the demo
 * camera live on it. Run exactly as printed (npm and its script), on a free port through PORT.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/processes.js';
import { TEST_ADMIN } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe.skipIf(process.platform === 'win32')('README: npm run demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'camrelay-demo-'));
  let viewer: TestViewer | undefined;
  let stop = (): void => {};

  afterAll(() => {
    viewer?.close();
    stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the relay with the demo camera live on it, 1280×720 frames to a signed-in viewer', async () => {
    expect(readme).toContain('npm run demo        # the relay plus a built-in test-pattern camera');
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CAMRELAY_DATA_DIR: dataDir, CAMRELAY_ADMIN_PASSWORD: TEST_ADMIN.password };
    // Its own process group: npm starts tsx, which starts node; the group goes down together.
    const child = spawn('npm', ['run', 'demo'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    stop = () => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    };
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok, `the demo relay on port ${port}`, 60_000, 200);
    viewer = connectViewer(`http://127.0.0.1:${port}`);
    await waitFor(() => viewer!.frames.some((f) => f.cameraId === 'demo'), 'a frame of the demo camera', 30_000);
    const frame = viewer.frames.find((f) => f.cameraId === 'demo')!;
    expect([frame.width, frame.height], output).toEqual([1280, 720]);
    // The camera list is coalesced per tick, so it may say `live` a moment after the first frame arrives (stop 49's CI).
    await waitFor(() => viewer!.cameras.find((c) => c.id === 'demo')?.status === 'live', 'the demo camera listed as live', 10_000);
    expect(viewer.cameras.find((c) => c.id === 'demo')).toMatchObject({ name: 'Demo camera (test pattern)', status: 'live' });
    expect(output).toContain('camrelay');
  });
});
