import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { nginxAvailable, shippedClusterConfig, startNginx, type RunningNginx } from '../../helpers/nginx.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

describe.runIf(redisAvailable() && nginxAvailable())('two relay nodes behind nginx (deploy/nginx/camrelay.conf)', () => {
  let redis: TestRedis | undefined;
  let nginx: RunningNginx | undefined;
  let nodes: TestServer[] = [];
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    cleanups.splice(0).forEach((c) => c());
    await nginx?.stop();
    for (const n of nodes) await stopTestServer(n, n === nodes.at(-1));
    nodes = [];
    await redis?.stop();
  });

  async function setup() {
    redis = await startRedis();
    // Nodes of one site share the capture token and accounts: here through one data folder.
    const first = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000 });
    nodes = [first, await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000, dataDir: first.dataDir })];
    nginx = await startNginx({ upstreamPort: nodes[0]!.port, websocket: true, httpConfig: shippedClusterConfig(nodes.map((n) => n.port)) });
    return { nginx, nodes };
  }
  const viewer = (url: string, transports?: Array<'polling' | 'websocket'>): TestViewer => {
    const v = connectViewer(url, { transports });
    cleanups.push(() => v.close());
    return v;
  };
  const camera = async (url: string, token: string, id: string): Promise<TestCamera> => {
    const c = await startCamera(url, token, id);
    cleanups.push(() => c.stop());
    return c;
  };

  it('serves viewers through nginx over polling and websocket with the camera on the other node, and the same list on both', async () => {
    const { nginx, nodes } = await setup();
    const viaNginx = [viewer(nginx.url, ['websocket']), viewer(nginx.url, ['polling'])];
    await waitFor(() => viaNginx.every((v) => v.socket.connected), 'viewers through nginx');
    // ip_hash puts every client of this address on one node: the camera goes on the other one.
    const sticky = nodes.find((n) => n.relay.viewerCount === 2);
    expect(sticky).toBeDefined();
    const other = nodes.find((n) => n !== sticky)!;
    await camera(other.url, other.captureToken, 'lobby');
    for (const v of viaNginx)
      await waitFor(() => v.frames.filter((f) => f.cameraId === 'lobby').length >= 10, 'frames through nginx from the other node', 15_000);
    const direct = viewer(other.url);
    await waitFor(() => direct.cameras.some((c) => c.id === 'lobby' && c.status === 'live'), 'the camera live on its own node');
    await waitFor(() => viaNginx[1]!.cameras.some((c) => c.id === 'lobby' && c.status === 'live'), 'the camera live on the other node');
    expect(viaNginx[1]!.socket.io.engine.transport.name).toBe('polling');
  });

  it('moves a capture client through nginx to the surviving node when its node dies, and frames flow again', async () => {
    const { nginx, nodes } = await setup();
    await camera(nginx.url, nodes[0]!.captureToken, 'door');
    const home = await waitFor(() => nodes.find((n) => n.relay.cameras.getLocal('door')?.status === 'live'), 'the camera on one node', 15_000);
    const survivor = nodes.find((n) => n !== home)!;
    const v = viewer(survivor.url);
    await waitFor(() => v.frames.length > 5, 'frames on the surviving node before the failure', 15_000);
    const at = Date.now();
    nodes.splice(nodes.indexOf(home), 1);
    await stopTestServer(home, false);
    await waitFor(() => survivor.relay.cameras.getLocal('door')?.status === 'live', 'the capture client back, on the survivor', 20_000);
    const before = v.frames.length;
    await waitFor(() => v.frames.length > before + 5, 'frames again', 10_000);
    console.log(`[cluster] node killed behind nginx: capture client back on the other node, frames again after ${Date.now() - at} ms`);
  });
});
