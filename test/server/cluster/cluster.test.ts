import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

describe.runIf(redisAvailable())('cluster mode over a real Redis', () => {
  let redis: TestRedis | undefined;
  let nodes: TestServer[] = [];
  let cleanups: Array<() => void> = [];
  afterEach(async () => {
    cleanups.splice(0).forEach((c) => c());
    for (const n of nodes) await stopTestServer(n);
    nodes = [];
    cleanups = [];
    await redis?.stop();
  });

  async function node(dataDir?: string): Promise<TestServer> {
    const n = await startTestServer({ redisUrl: redis!.url, offlineAfterMs: 2000, ...(dataDir ? { dataDir } : {}) });
    nodes.push(n);
    return n;
  }
  function viewer(n: TestServer, transports?: Array<'polling' | 'websocket'>): TestViewer {
    const v = connectViewer(n.url, { transports });
    cleanups.push(() => v.close());
    return v;
  }
  async function camera(n: TestServer, id: string): Promise<TestCamera> {
    const c = await startCamera(n.url, n.captureToken, id);
    cleanups.push(() => c.stop());
    return c;
  }

  it('carries a camera on node A to viewers on node B (polling and websocket), once per interested node', async () => {
    redis = await startRedis();
    const [a, b, c] = [await node(), await node(), await node()];
    const onB = [viewer(b, ['websocket']), viewer(b, ['polling'])];
    await camera(a, 'porch');
    for (const v of onB) await waitFor(() => v.frames.filter((f) => f.cameraId === 'porch').length >= 10, 'frames of A at a viewer on B', 15_000);
    const listed = await waitFor(() => onB[0]!.cameras.find((x) => x.id === 'porch' && x.status === 'live'), 'the camera listed live on B');
    expect(listed.ingest).toBe('websocket');
    // Node C has no viewer: it subscribes to nothing and gets no frame.
    expect(c.relay.latestFrame('porch')).toBeUndefined();
    expect(c.cluster!.bus.subscriptions.size).toBe(0);
    expect([...b.cluster!.bus.subscriptions]).toEqual(['porch']);
    // One publish per frame, whatever the number of viewers on B.
    const published = a.cluster!.bus.published;
    expect(published).toBeGreaterThan(0);
    expect(published).toBeLessThanOrEqual(a.relay.cameras.getLocal('porch')!.framesIn);
  });

  it('shares the saved camera list through the data folder: a rename on node A reaches viewers on node B; only A writes its frame', async () => {
    redis = await startRedis();
    const a = await node();
    const b = await node(a.dataDir);
    const onB = viewer(b);
    await camera(a, 'porch');
    await waitFor(() => onB.cameras.find((c) => c.id === 'porch' && c.status === 'live'), 'the camera live on B', 15_000);
    const cookie = await login(a);
    const at = Date.now();
    const res = await fetch(`${a.url}/api/cameras/porch`, {
      method: 'PATCH',
      headers: { cookie, ...sameOrigin(a), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Front porch', group: 'Outside' }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => onB.cameras.some((c) => c.id === 'porch' && c.name === 'Front porch' && c.group === 'Outside'), 'the rename at a viewer on B', 5000);
    console.log(`[cluster] a rename on node A reached a viewer on node B after ${Date.now() - at} ms`);
    // B receives porch's frames for its viewer, but the frame on disk is A's to write.
    await waitFor(() => a.cameras.framesWritten > 0 && onB.frames.length > 5, 'a frame written by A, frames at the viewer on B');
    expect(b.cameras.framesWritten).toBe(0);
  });

  it("shows a dead node's camera offline on the other node within the offline timeout", async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const v = viewer(b);
    await camera(a, 'gate');
    await waitFor(() => v.cameras.find((x) => x.id === 'gate')?.status === 'live', 'live on B', 15_000);
    const at = Date.now();
    nodes.splice(nodes.indexOf(a), 1);
    await stopTestServer(a);
    await waitFor(() => v.cameras.find((x) => x.id === 'gate')?.status === 'offline', 'offline on B', 10_000);
    console.log(`[cluster] node A stopped: its camera offline on node B after ${Date.now() - at} ms`);
  });

  it('keeps local delivery through a Redis outage, says degraded, and resumes cross-node delivery after', async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const local = viewer(a);
    const remote = viewer(b);
    await camera(a, 'yard');
    await waitFor(() => remote.frames.length > 5 && local.frames.length > 5, 'frames on both nodes', 15_000);
    await redis.stop();
    await waitFor(async () => (await fetch(`${a.url}/readyz`)).status === 503, 'node A not ready (redis degraded)');
    expect((await (await fetch(`${a.url}/readyz`)).json()) as unknown).toMatchObject({ redis: 'degraded' });
    // What the dashboard's Diagnostics shows comes with every `time` answer.
    expect(await local.socket.timeout(5000).emitWithAck('time')).toMatchObject({ cluster: 'degraded' });
    const localBefore = local.frames.length;
    await waitFor(() => local.frames.length > localBefore + 20, 'local frames during the outage', 10_000);
    await redis.start();
    const at = Date.now();
    const remoteBefore = remote.frames.length;
    await waitFor(() => remote.frames.length > remoteBefore + 10, 'cross-node frames after Redis is back', 20_000);
    await waitFor(async () => (await fetch(`${a.url}/readyz`)).status === 200, 'node A ready again');
    expect(await local.socket.timeout(5000).emitWithAck('time')).toMatchObject({ cluster: 'ok' });
    console.log(`[cluster] redis back: cross-node frames again after ${Date.now() - at} ms`);
  });

  it('starts a node while Redis is away: it serves its own cameras, says degraded, and joins the cluster when Redis answers', async () => {
    redis = await startRedis();
    await redis.stop();
    const a = await node();
    expect((await (await fetch(`${a.url}/readyz`)).json()) as unknown).toMatchObject({ redis: 'degraded' });
    const local = viewer(a);
    await camera(a, 'shed');
    await waitFor(() => local.frames.length > 5, 'frames on the node without Redis', 15_000);
    await redis.start();
    const b = await node(a.dataDir);
    const remote = viewer(b);
    await waitFor(() => remote.frames.some((f) => f.cameraId === 'shed'), 'the camera on the other node once Redis answers', 20_000);
    await waitFor(async () => (await fetch(`${a.url}/readyz`)).status === 200, 'the first node ready');
  });

  it('signs a browser in on every node: a session begun on node A opens a socket on node B, and a logout on A closes it', async () => {
    redis = await startRedis();
    const a = await node();
    const b = await node(a.dataDir);
    const cookie = await login(a);
    await waitFor(async () => (await fetch(`${b.url}/api/me`, { headers: { cookie } })).status === 200, 'the session known on node B');
    const socket = ioClient(`${b.url}/monitor`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    cleanups.push(() => socket.close());
    await waitFor(() => socket.connected, 'a socket on node B with the session from node A');
    expect((await fetch(`${a.url}/api/logout`, { method: 'POST', headers: { cookie, ...sameOrigin(a) } })).status).toBe(200);
    await waitFor(() => !socket.connected, 'the socket on node B closed by the logout on node A');
    expect((await fetch(`${b.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });
});
