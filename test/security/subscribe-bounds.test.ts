/**
 * #25 item 2 against real relays: a signed-in viewer's subscribe is bounded before it is read, ids
 * it may not see are not kept, and one user or address cannot open connections without end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { worstLoopDelayMs } from '../helpers/event-loop.js';
import { freePort, startServerProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';

type Reply = { ok: boolean; error?: string; message?: string; cameraIds: string[] };

/** `n` made-up ids, each with a width: 90,000 of them is the 1.9 MB subscribe. */
function madeUpWidths(n: number, real: string): Record<string, number> {
  const widths: Record<string, number> = { [real]: 320 };
  for (let i = 0; i < n; i++) widths[`made-up-${String(i).padStart(6, '0')}`] = 320;
  return widths;
}

function monitorSocket(url: string, auth: { username: string; password: string } = TEST_ADMIN, reconnection = false): Socket {
  return io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, reconnection, reconnectionDelay: 100, auth });
}

describe('subscribe bounds: a relay process under six signed-in subscribe attackers', () => {
  const token = 'subscribe-bounds-capture-token-01';
  const metricsToken = 'subscribe-bounds-metrics-token-01';
  let relay: Program;
  let url: string;
  let dataDir: string;
  let camera: TestCamera | undefined;
  let viewer: TestViewer | undefined;
  const attackers: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-subscribe-'));
    relay = await startServerProcess(port, dataDir, { CAMRELAY_CAPTURE_TOKEN: token, CAMRELAY_METRICS_TOKEN: metricsToken });
  });
  afterAll(async () => {
    attackers.forEach((a) => a.close());
    camera?.stop();
    viewer?.close();
    await relay.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The relay's longest event-loop delay since the last call, the histogram's sampling interval taken off. */
  const lagMaxMs = () => worstLoopDelayMs(url, { authorization: `Bearer ${metricsToken}` });

  it('keeps a healthy viewer at 95% of its frames while they subscribe 12 times a second: the 1.9 MB ones are cut, the 150 KB ones refused unread', async () => {
    viewer = connectViewer(url, { transports: ['websocket'] });
    camera = await startCamera(url, token, 'healthy', { transport: 'socketio', fps: 10 });
    const seen = () => viewer!.frames.filter((f) => f.cameraId === 'healthy').length;
    await waitFor(() => seen() > 5, 'frames of the healthy camera at the viewer');
    const quietLag = await lagMaxMs();

    // Written as the encoded packet, so the test process does not stringify 1.9 MB 72 times a second.
    const huge = `2/monitor,${JSON.stringify(['subscribe', { cameraIds: ['healthy'], widths: madeUpWidths(90_000, 'healthy') }])}`;
    const large = { cameraIds: ['healthy'], widths: madeUpWidths(7000, 'healthy') };
    expect(huge.length).toBeGreaterThan(1_800_000);
    expect(JSON.stringify(large).length).toBeGreaterThan(140_000);
    const cut = [0, 0, 0];
    const refusals: string[] = [];
    const largeDrops: string[] = [];
    for (let i = 0; i < 6; i++) {
      const socket = monitorSocket(url, TEST_ADMIN, i % 2 === 0);
      attackers.push(socket);
      if (i % 2 === 0) socket.on('disconnect', () => cut[i / 2]!++);
      else socket.on('disconnect', (reason) => largeDrops.push(reason));
    }
    await waitFor(() => attackers.every((a) => a.connected), 'six attackers signed in', 20_000);

    await lagMaxMs();
    const [produced0, seen0] = [camera.client.stats.produced, seen()];
    const timers = attackers.map((socket, i) =>
      setInterval(() => {
        if (!socket.connected) return;
        if (i % 2 === 0) return (socket.io.engine as unknown as { write(packet: string): void }).write(huge);
        socket
          .timeout(5000)
          .emitWithAck('subscribe', large)
          .then(
            (r: Reply) => refusals.push(r.error ?? 'ok'),
            () => refusals.push('no answer'),
          );
      }, 1000 / 12),
    );
    // At least 40 frames offered (four seconds at 10 fps), so one late frame is not 5%.
    await waitFor(() => camera!.client.stats.produced >= produced0 + 40, 'forty frames of healthy flow under attack', 20_000);
    timers.forEach(clearInterval);
    const [produced, delivered] = [camera.client.stats.produced - produced0, seen() - seen0];
    const attackLag = await lagMaxMs();
    console.log(
      `[subscribe-bounds] healthy ${delivered}/${produced} frames; event-loop max lag ${quietLag.toFixed(0)} ms quiet, ${attackLag.toFixed(0)} ms under attack; ` +
        `1.9 MB attackers cut ${cut.join('/')} times; 150 KB subscribes answered ${refusals.length} (${[...new Set(refusals)].join(', ')})`,
    );
    expect(delivered / produced).toBeGreaterThanOrEqual(0.95);
    expect(cut.every((n) => n > 0)).toBe(true);
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals)).toEqual(new Set(['MESSAGE_TOO_LARGE']));
    expect(largeDrops).toEqual([]);
  });
});

describe('subscribe bounds and connection caps on /monitor', () => {
  const ALICE = { username: 'alice', password: 'alice-password-1' };
  const BOB = { username: 'bob', password: 'bob-password-123' };
  let server: TestServer;
  let healthy: Healthy;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ maxSocketsPerUser: 3, maxSocketsPerAddress: 5 });
    for (const user of [ALICE, BOB]) {
      server.store.putUser({ username: user.username, role: 'viewer', cameras: ['cam-a'], password: await hashPassword(user.password) });
    }
    healthy = await startHealthy(server, 'cam-a');
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    healthy?.stop();
    await stopTestServer(server);
  });

  /** A signed-in socket, once connected; or the code of its refusal. */
  async function open(auth: { username: string; password: string }): Promise<{ socket: Socket; refusal: string | null }> {
    const socket = monitorSocket(server.url, auth);
    sockets.push(socket);
    let refusal: string | null = null;
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => (refusal = err.data?.code ?? err.message));
    await waitFor(() => socket.connected || refusal, `${auth.username} connected or refused`);
    return { socket, refusal };
  }

  it('refuses a subscribe naming more cameras than the viewer may see with TOO_MANY_IDS, and keeps the subscription it had', async () => {
    const { socket } = await open(ALICE);
    const frames: string[] = [];
    socket.on('frame', (meta: { cameraId: string }, _jpeg: unknown, ack: () => void) => (frames.push(meta.cameraId), ack()));
    expect(await socket.emitWithAck('subscribe', { cameraIds: ['cam-a'] })).toEqual({ ok: true, cameraIds: ['cam-a'] });
    // Alice may see one camera: 1 + 8 ids of slack are taken, 10 are not.
    const reply: Reply = await socket.emitWithAck('subscribe', { cameraIds: ['cam-a'], widths: madeUpWidths(9, 'cam-a') });
    expect(reply).toMatchObject({ ok: false, error: 'TOO_MANY_IDS', cameraIds: [] });
    expect(reply.message).toContain('may see 9');
    const before = frames.length;
    await waitFor(() => frames.length >= before + 5, 'frames of cam-a still coming after the refusal');
    socket.close();
  });

  it('drops ids the viewer may not see: the ack names only the cameras it gets', async () => {
    const { socket } = await open(ALICE);
    const reply: Reply = await socket.emitWithAck('subscribe', {
      cameraIds: ['cam-a', 'cam-b', 'nope'],
      widths: { 'cam-a': 320, 'cam-b': 320 },
      pinned: ['cam-b'],
    });
    expect(reply).toEqual({ ok: true, cameraIds: ['cam-a'] });
    socket.close();
  });

  it('refuses the fourth connection of a user and the sixth of an address with TOO_MANY_SOCKETS, and lets one in again once one closes', async () => {
    await waitFor(() => server.io.of('/monitor').sockets.size === 1, "the earlier tests' connections gone, the healthy viewer's left");
    const alice = [await open(ALICE), await open(ALICE), await open(ALICE)];
    expect(alice.map((a) => a.refusal)).toEqual([null, null, null]);
    expect((await open(ALICE)).refusal).toBe('TOO_MANY_SOCKETS');
    // The healthy viewer (admin) holds one of the address's five; bob takes the fifth.
    expect((await open(BOB)).refusal).toBeNull();
    expect((await open(BOB)).refusal).toBe('TOO_MANY_SOCKETS');
    alice[0]!.socket.close();
    await waitFor(async () => (await open(BOB)).refusal === null, 'a slot given back when a connection closed');
  });
});
