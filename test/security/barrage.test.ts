/**
 * A bounded, deterministic version of the hostile-input barrage of #13, against real relays: the
 * unauthenticated memory attack (one attacker, and fifty at once beside a healthy camera and viewer),
 * slow headers and bodies, and a flood of refusals that must not flood the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { freePort, startServerProcess, type Program } from '../helpers/processes.js';
import { stopTestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { attackCrowd, pollingAttack, rssMb, watchRss, websocketAttack } from './helpers/attacks.js';
import { EngineSocket } from './helpers/engine-socket.js';
import { startLoggedServer, type LoggedServer } from './helpers/logged-server.js';
import { head, rawExchange } from './helpers/raw-http.js';

describe('barrage: a relay process under unauthenticated memory attacks', () => {
  const token = 'barrage-capture-token-0123456789';
  let relay: Program;
  let url: string;
  let dataDir: string;
  let port: number;
  let camera: TestCamera | undefined;
  let viewer: TestViewer | undefined;

  beforeAll(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-barrage-'));
    relay = await startServerProcess(port, dataDir, { CAMRELAY_CAPTURE_TOKEN: token });
  });
  afterAll(async () => {
    camera?.stop();
    viewer?.close();
    await relay.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('cuts the ten-attachment attack within a second over WebSocket and long-polling, holding under half of what it sends', async () => {
    const pid = relay.child.pid!;
    // Warm both paths a few times, so the first use of a code path (and V8 growing its young
    // generation under the reads, several MB of RSS on a loaded box) is not counted as the attack's memory.
    for (let i = 0; i < 3; i++) {
      await websocketAttack(port);
      await pollingAttack(port);
    }
    const before = rssMb(pid);
    const rss = watchRss(pid);
    const ws = await websocketAttack(port);
    const polling = await pollingAttack(port);
    rss.stop();
    console.log(`[barrage] one attacker: cut after ${ws} ms (websocket), ${polling} ms (polling); relay RSS +${(rss.peak() - before).toFixed(1)} MB`);
    expect(ws).not.toBeNull();
    expect(ws!).toBeLessThan(1000);
    expect(polling).not.toBeNull();
    expect(polling!).toBeLessThan(1000);
    // Held, the attack pins ten 2.5 MB attachments (22.5 MB); cut early, it pins none. Quiet runs
    // measure +0.1 to +1.2 MB; one loaded CI run measured +7.2 MB of allocator growth, so the bound
    // is half the attack's bytes: it fails if even half the attachments are ever held.
    expect(rss.peak() - before).toBeLessThanOrEqual(11);
  });

  it('keeps a healthy camera and viewer at 95% of the frames they kept before, while fifty attackers try at once, within +60 MB', async () => {
    const pid = relay.child.pid!;
    viewer = connectViewer(url, { transports: ['websocket'] });
    camera = await startCamera(url, token, 'healthy', { transport: 'socketio', fps: 20 });
    const seen = () => viewer!.frames.filter((f) => f.cameraId === 'healthy').length;
    await waitFor(() => seen() > 5, 'frames of the healthy camera at the viewer');
    // The same viewer's share over 40 frames just before the attack: on a loaded box newest-wins drops some frames
    // with no attack at all (a CI run at load 14 kept 78% during the attack), and the attack's cost is what it takes beyond that.
    const [controlProduced0, controlSeen0] = [camera.client.stats.produced, seen()];
    await waitFor(() => camera!.client.stats.produced >= controlProduced0 + 40, 'forty frames of healthy flow before the attack', 15_000);
    const control = (seen() - controlSeen0) / (camera.client.stats.produced - controlProduced0);
    const before = rssMb(pid);
    const rss = watchRss(pid);
    const [produced0, seen0] = [camera.client.stats.produced, seen()];
    // The single attack above shows how fast a cut is; here every attacker must be cut at all.
    // From a process of their own: sent from this one, their writes starved the healthy camera and viewer beside them.
    const cuts = await attackCrowd(port, 50, 15_000);
    // At least 40 frames offered after the attack (two seconds at 20 fps), so one late frame is not 5%.
    const afterAttack = camera.client.stats.produced;
    await waitFor(() => camera!.client.stats.produced >= afterAttack + 40, 'forty more frames of healthy flow', 15_000);
    const [produced, delivered] = [camera.client.stats.produced - produced0, seen() - seen0];
    rss.stop();
    console.log(
      `[barrage] fifty attackers: slowest cut ${Math.max(...cuts.map((c) => c ?? Infinity))} ms; relay RSS +${(rss.peak() - before).toFixed(1)} MB; healthy ${delivered}/${produced} frames (${((100 * delivered) / produced).toFixed(1)}%; ${(100 * control).toFixed(1)}% before the attack)`,
    );
    expect(cuts.every((c) => c !== null)).toBe(true);
    expect(rss.peak() - before).toBeLessThanOrEqual(60);
    expect(produced).toBeGreaterThan(30);
    // 95% of its frames on a quiet box (where the share before is 100%), and on any box at most 5% fewer than before the attack.
    expect(delivered / produced).toBeGreaterThanOrEqual(0.95 * Math.min(1, control));
  });
});

describe('barrage: deadlines, limits and the log', () => {
  let server: LoggedServer | undefined;
  beforeAll(async () => (server = await startLoggedServer()));
  afterAll(() => stopTestServer(server));
  const sockets: EngineSocket[] = [];
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));

  it('closes slow headers, a login body that never finishes and a socket that never signs in, each soon after its deadline', async () => {
    const port = server!.port;
    // Nothing is sent after the first header line / the first bytes of the body.
    const slowHead = rawExchange(port, (s) => s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'), 20_000);
    const slowBody = rawExchange(
      port,
      (s) => s.write(head(['POST /api/login HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 100']) + '{"user'),
      20_000,
    );
    // Joins `/`, where nothing is served: refused, and then closed by the 10 s handshake deadline.
    const root = await EngineSocket.open(port);
    sockets.push(root);
    root.send('40');
    expect(await root.next((m) => String(m).startsWith('44{'))).toContain('UNKNOWN_NAMESPACE');
    const started = Date.now();
    const [headers, body] = await Promise.all([slowHead, slowBody]);
    await Promise.race([root.closed, new Promise((r) => setTimeout(r, 20_000 - (Date.now() - started)).unref())]);
    // Deadlines of 10 s; 5 s of margin for a loaded machine, and far below the 30-40 s it used to take.
    for (const [what, r] of [
      ['headers', headers],
      ['login body', body],
    ] as const) {
      expect(r.closedByServer || r.status !== null, `${what}: answered or closed`).toBe(true);
      expect(r.ms, `${what}: closed after ${r.ms} ms`).toBeLessThan(15_000);
    }
    expect(headers.status).toBe(408);
    expect(body.status).toBe(408);
    expect(body.text).toContain('SLOW_REQUEST');
    expect(root.open).toBe(false);
  });

  it('answers a 1 MB login body with BODY_TOO_LARGE, not a frame error', async () => {
    const res = await fetch(`${server!.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'BODY_TOO_LARGE' });
  });

  it('closes a connection that sends a binary packet before joining, or announces two attachments after joining', async () => {
    const early = await EngineSocket.open(server!.port);
    sockets.push(early);
    early.send(Buffer.from([4, 1, 2, 3]), true);
    expect((await early.closed).code).toBeGreaterThan(0);

    const joined = await EngineSocket.open(server!.port);
    sockets.push(joined);
    joined.send(`40/capture,{"token":"${server!.captureToken}","cameraId":"two"}`);
    expect(await joined.next((m) => String(m).startsWith('40/capture,{"sid"'))).toBeTruthy();
    joined.send('452-/capture,["frame",{"seq":1,"capturedAt":1},{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    await joined.closed;
    expect(joined.open).toBe(false);
    const metrics = await server!.metrics.registry.getSingleMetricAsString('camrelay_refusals_total');
    expect(metrics).toContain('camrelay_refusals_total{code="HANDSHAKE_REQUIRED"} 1');
  });

  it('refuses more than 64 connections from one address that have not signed in, with TOO_MANY_HANDSHAKES', async () => {
    const waiting = await Promise.all(Array.from({ length: 64 }, () => EngineSocket.open(server!.port)));
    sockets.push(...waiting);
    const refused = await fetch(`${server!.url}/socket.io/?EIO=4&transport=polling`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('TOO_MANY_HANDSHAKES');
    // One of them signs in: that frees its place.
    waiting[0]!.send(`40/capture,{"token":"${server!.captureToken}","cameraId":"joined"}`);
    expect(await waiting[0]!.next((m) => String(m).startsWith('40/capture,{"sid"'))).toBeTruthy();
    const admitted = await fetch(`${server!.url}/socket.io/?EIO=4&transport=polling`);
    expect(admitted.status).toBe(200);
    await admitted.text();
  });

  it('writes one line for 200 refused capture handshakes from one address, and counts every one', async () => {
    const linesBefore = server!.logText().split('\n').length;
    for (let i = 0; i < 200; i++) {
      const s = await EngineSocket.open(server!.port);
      s.send(`40/capture,{"token":"wrong-token-${i}","cameraId":"flood"}`);
      await s.next((m) => String(m).startsWith('44/capture,'));
      s.close();
    }
    const lines = server!
      .logText()
      .split('\n')
      .slice(linesBefore - 1)
      .filter((l) => l.includes('refused'));
    // The first BAD_TOKEN, then (after ten failures the address is blocked) the first TOO_MANY_ATTEMPTS.
    expect(lines.length).toBeLessThanOrEqual(2);
    const metrics = await server!.metrics.registry.getSingleMetricAsString('camrelay_refusals_total');
    const counted = [...metrics.matchAll(/code="(BAD_TOKEN|TOO_MANY_ATTEMPTS)"} (\d+)/g)].reduce((n, m) => n + Number(m[2]), 0);
    expect(counted).toBe(200);
  });
});
