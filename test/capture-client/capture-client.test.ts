/** The CaptureClient against a real relay, through a proxy that blocks Socket.IO or its WebSocket upgrade. */
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { HttpProxy } from '../helpers/http-proxy.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer | undefined;
let proxy: HttpProxy | undefined;
let cam: TestCamera | undefined;
afterEach(async () => {
  cam?.stop();
  await proxy?.close();
  await stopTestServer(server);
  cam = proxy = server = undefined;
});

describe('CaptureClient', () => {
  describe('transport auto', () => {
    it('falls back to HTTP POST when Socket.IO is blocked, and returns to Socket.IO when it is not', async () => {
      server = await startTestServer();
      proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
      proxy.faults = { block: /^\/socket\.io\// };
      const started = Date.now();
      cam = await startCamera(proxy.url, server.captureToken, 'garage');
      await waitFor(() => server!.relay.cameras.getLocal('garage')?.ingest === 'http', 'frames by HTTP POST within 5 s', 5000);
      const fellBackMs = Date.now() - started;
      proxy.faults = {};
      await waitFor(() => server!.relay.cameras.getLocal('garage')?.ingest === 'websocket', 'frames by Socket.IO again', 15_000);
      expect(server.relay.cameras.getLocal('garage')!.status).toBe('live');
      console.log(`fallback to http after ${fellBackMs} ms; back on websocket after the block was lifted`);
    });

    it('stays on long-polling when the WebSocket upgrade is refused, and frames still flow', async () => {
      server = await startTestServer();
      proxy = await HttpProxy.start({ host: '127.0.0.1', port: server.port });
      proxy.faults = { refuseUpgrade: true };
      cam = await startCamera(proxy.url, server.captureToken, 'attic');
      await waitFor(() => (server!.relay.cameras.getLocal('attic')?.framesIn ?? 0) > 20, 'frames over polling');
      expect(server.relay.cameras.getLocal('attic')!.ingest).toBe('polling');
      expect(cam.client.stats.link).toBe('polling');
    });
  });

  describe('transport http', () => {
    it('sends by HTTP POST only and corrects capture times onto the server clock', async () => {
      server = await startTestServer();
      cam = await startCamera(server.url, server.captureToken, 'yard', { transport: 'http' });
      await waitFor(() => server!.relay.latestFrame('yard')?.meta.clockSynced, 'a clock-synced frame');
      expect(server.relay.cameras.getLocal('yard')!.ingest).toBe('http');
    });
  });

  describe('#push', () => {
    it('drops frames rather than queueing them while no transport can take them', async () => {
      cam = await startCamera('http://127.0.0.1:9', 'token', 'nowhere', { transport: 'socketio', fps: 50 });
      await waitFor(() => cam!.client.stats.produced > 30, 'frames produced');
      expect(cam.client.stats.sent).toBe(0);
      expect(cam.client.stats.dropped).toBeGreaterThan(25);
    });
  });
});
