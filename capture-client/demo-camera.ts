/** `npm run demo`: a built-in test-pattern camera that publishes to this server like any capture client. */
import { runCamera, type RunningCamera } from './run.js';

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
