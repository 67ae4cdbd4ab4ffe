/**
 * `npm run demo`: the relay with a built-in test-pattern camera beside it in the same process,
 * publishing like any capture client. It sits above both, so neither the server nor the capture client imports the other.
 */
import { runRelay } from '../server/run-relay.js';
import { runCamera, type RunningCamera } from '../capture-client/run.js';

export function startDemoCamera(server: string, token: string): Promise<RunningCamera> {
  return runCamera({
    server,
    token,
    cameraId: 'demo',
    name: 'Demo camera (test pattern)',
    transport: 'auto',
    fps: 15,
    source: 'test-pattern',
    sourceOptions: { fps: 15, width: 1280, height: 720, quality: 80 },
  });
}

void runRelay(['--demo', ...process.argv.slice(2)], { demo: ({ port, captureToken }) => startDemoCamera(`http://127.0.0.1:${port}`, captureToken) });
