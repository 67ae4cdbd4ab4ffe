/**
 * A healthy camera and an admin viewer beside an attack: every security test ends by showing
 * that the server is still up and this pair still moves frames.
 */
import { get } from 'node:http';
import { expect } from 'vitest';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import type { TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

export interface Healthy {
  cameraId: string;
  camera: TestCamera;
  viewer: TestViewer;
  /** Frames of the healthy camera the viewer has received so far. */
  count(): number;
  /** Asserts the server answers /healthz and `more` further healthy frames reach the viewer. */
  stillFlowing(more?: number): Promise<void>;
  stop(): void;
}

/** Starts the pair (Socket.IO only, so no HTTP fallback adds connections) and waits for a first frame. */
export async function startHealthy(server: TestServer, cameraId = 'healthy', viewerOpts: Parameters<typeof connectViewer>[1] = {}): Promise<Healthy> {
  const viewer = connectViewer(server.url, { transports: ['websocket'], ...viewerOpts });
  const camera = await startCamera(server.url, server.captureToken, cameraId, { transport: 'socketio', fps: 20 });
  const count = () => viewer.frames.filter((f) => f.cameraId === cameraId).length;
  const healthy: Healthy = {
    cameraId,
    camera,
    viewer,
    count,
    async stillFlowing(more = 5) {
      expect(await healthz(server.url)).toBe(200);
      const before = count();
      await waitFor(() => count() >= before + more, `${more} more frames of the healthy camera at the viewer`, 10_000);
    },
    stop() {
      camera.stop();
      viewer.close();
    },
  };
  await waitFor(() => count() > 0, 'a first frame of the healthy camera');
  return healthy;
}

/** GET /healthz on a connection of its own that closes after (fetch would keep one open for seconds). */
function healthz(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}
