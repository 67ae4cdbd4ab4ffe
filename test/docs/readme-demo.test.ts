/**
 * The README's first two commands: after `npm install`, `npm run demo` is the relay with the demo
 * camera live on it. Run exactly as printed (npm and its script), on a free port through PORT.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../helpers/demo.js';
import { TEST_ADMIN } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe.skipIf(process.platform === 'win32')('README: npm run demo', () => {
  let viewer: TestViewer | undefined;
  let demo: Demo | undefined;

  afterAll(async () => {
    viewer?.close();
    await demo?.stop();
  });

  it('runs the relay with the demo camera live on it, 1280×720 frames to a signed-in viewer', async () => {
    expect(readme).toContain('npm run demo        # the relay plus a built-in test-pattern camera');
    demo = await startDemo(TEST_ADMIN.password);
    const output = demo.output;
    viewer = connectViewer(demo.url);
    await waitFor(() => viewer!.frames.some((f) => f.cameraId === 'demo'), 'a frame of the demo camera', 30_000);
    const frame = viewer.frames.find((f) => f.cameraId === 'demo')!;
    expect([frame.width, frame.height], output()).toEqual([1280, 720]);
    // The camera list is coalesced per tick, so it may say `live` a moment after the first frame arrives (stop 49's CI).
    await waitFor(() => viewer!.cameras.find((c) => c.id === 'demo')?.status === 'live', 'the demo camera listed as live', 10_000);
    expect(viewer.cameras.find((c) => c.id === 'demo')).toMatchObject({ name: 'Demo camera (test pattern)', status: 'live' });
    expect(output()).toContain('camrelay');
  });
});
