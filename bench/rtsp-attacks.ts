/**
 * Issue #55's three attacks on RTSP out, against a real relay process with RTSP on (npx tsx bench/rtsp-attacks.ts),
 * each from 127.0.0.1 while a camera sends 15 fps JPEG to a healthy Live Monitor viewer:
 * - pipeline: one connection sends 260,000 `OPTIONS * RTSP/1.0` (8 MB) and reads nothing, for at most 20 s;
 * - addresses: 140 idle connections from 127.0.0.1, then a player from 127.0.0.2 asks OPTIONS;
 * - trickle: three connections send a byte every 5 s (half a request head, bare CRLFs, half a `$` frame), for at most 45 s.
 * Per attack: what was sent, what the relay refused or closed, the viewer's fps, the relay's worst event-loop delay,
 * and its RSS before, at the end and after a forced GC. Prints one JSON object.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCamera } from '../test/helpers/capture.js';
import { worstLoopDelayMs } from '../test/helpers/event-loop.js';
import { freePort, startServerProcess } from '../test/helpers/processes.js';
import { TEST_ADMIN } from '../test/helpers/server.js';
import { connectViewer } from '../test/helpers/viewer.js';

const TOKEN = 'rtsp-attacks-token';
const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => +(bytes / 1e6).toFixed(1);

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: auth })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

function open(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A socket's fate: closed (and when), and what it got. */
function watch(socket: Socket): { text: string; closedAt: number | null } {
  const got = { text: '', closedAt: null as number | null };
  socket.on('data', (d: Buffer) => (got.text += d.toString('latin1')));
  socket.once('close', () => (got.closedAt = Date.now()));
  return got;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-rtsp-attacks-'));
  const hook = path.join(dataDir, 'gc-hook.cjs');
  writeFileSync(hook, "process.on('SIGUSR2', () => globalThis.gc && globalThis.gc());\n");
  const [port, rtspPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const relay = await startServerProcess(port, dataDir, {
    CAMRELAY_CAPTURE_TOKEN: TOKEN,
    CAMRELAY_RTSP_PORT: String(rtspPort),
    NODE_OPTIONS: `--expose-gc --require ${hook}`,
  });
  const pid = relay.child.pid!;
  const rss = () => metric(url, 'camrelay_process_resident_memory_bytes');
  const gc = async () => {
    for (let i = 0; i < 3; i++) {
      process.kill(pid, 'SIGUSR2');
      await sleep(300);
    }
  };
  const rssAfterGc = async () => (await gc(), rss());
  // RSS moves by tens of MB with the heap's own growth; the heap and external memory after a GC are the finer figure.
  const heldAfterGc = async () => {
    await gc();
    return (await metric(url, 'camrelay_nodejs_heap_size_used_bytes')) + (await metric(url, 'camrelay_nodejs_external_memory_bytes'));
  };
  const camera = await startCamera(url, TOKEN, 'yard', { fps: 15 });
  const viewer = connectViewer(url, { cameraIds: ['yard'] });
  const rows: Record<string, unknown> = {};
  /** Runs `attack` with the viewer's frames, the loop's worst delay and RSS measured around it. */
  const measure = async (name: string, attack: () => Promise<Record<string, unknown>>) => {
    const heldBefore = await heldAfterGc();
    const before = await rss();
    await worstLoopDelayMs(url, auth);
    const frames = viewer.frames.length;
    const start = Date.now();
    const result = await attack();
    const seconds = (Date.now() - start) / 1000;
    const fps = +((viewer.frames.length - frames) / seconds).toFixed(1);
    const worstLoopMs = Math.round(await worstLoopDelayMs(url, auth));
    const atEnd = await rss();
    await sleep(1000);
    rows[name] = {
      ...result,
      seconds: +seconds.toFixed(1),
      viewerFps: fps,
      worstLoopMs,
      rssBeforeMb: mb(before),
      rssAtEndMb: mb(atEnd),
      rssAfterGcMb: mb(await rssAfterGc()),
      heapAndExternalBeforeMb: mb(heldBefore),
      heapAndExternalAfterGcMb: mb(await heldAfterGc()),
    };
  };
  try {
    // The relay's start-up (tsx compiling, the first frames) settles first.
    await sleep(10_000);
    await rssAfterGc();
    const quiet = viewer.frames.length;
    await sleep(3000);
    rows.quiet = { viewerFps: +((viewer.frames.length - quiet) / 3).toFixed(1) };

    await measure('pipeline', async () => {
      const socket = await open(rtspPort);
      const got = watch(socket);
      socket.pause();
      const requests = 260_000;
      const bytes = Buffer.concat(Array.from({ length: requests }, () => Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n')));
      socket.write(bytes);
      const start = Date.now();
      // Until the relay closes it, at most 20 s; the relay's RSS at its highest meanwhile.
      let peak = 0;
      while (got.closedAt === null && Date.now() - start < 20_000) {
        peak = Math.max(peak, await rss());
        await sleep(500);
      }
      const taken = bytes.length - socket.writableLength;
      socket.destroy();
      return {
        sentRequests: requests,
        sentMb: mb(bytes.length),
        takenByKernelOrRelayMb: mb(taken),
        rssPeakMb: mb(peak),
        closedByRelayAfterS: got.closedAt && +((got.closedAt - start) / 1000).toFixed(1),
      };
    });

    await measure('addresses', async () => {
      const sockets: Socket[] = [];
      const fates: Array<ReturnType<typeof watch>> = [];
      for (let i = 0; i < 140; i++) {
        const s = await open(rtspPort).catch(() => null);
        if (!s) continue;
        sockets.push(s);
        fates.push(watch(s));
      }
      await sleep(1500);
      const other = await open(rtspPort, '127.0.0.2').catch(() => null);
      let answer = 'no connection';
      if (other) {
        const fate = watch(other);
        other.write('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n');
        for (let i = 0; i < 30 && !fate.text.includes('\r\n\r\n') && fate.closedAt === null; i++) await sleep(100);
        answer = fate.text.split('\r\n')[0] || (fate.closedAt !== null ? 'closed, no answer' : 'no answer in 3 s');
        other.destroy();
      }
      const refusals = await metric(url, 'camrelay_refusals_total{code="RTSP_TOO_MANY_CONNECTIONS"}');
      sockets.forEach((s) => s.destroy());
      return {
        sentConnections: 140,
        openAfter1_5s: fates.filter((f) => f.closedAt === null).length,
        answered503: fates.filter((f) => f.text.startsWith('RTSP/1.0 503')).length,
        closedWithoutAnswer: fates.filter((f) => f.closedAt !== null && f.text === '').length,
        otherAddress: answer,
        refusalsInMetrics: Number.isNaN(refusals) ? 0 : refusals,
      };
    });

    await measure('trickle', async () => {
      const kinds: Array<[string, Buffer, number]> = [
        ['head', Buffer.from('OPTIONS * RTSP/1.0\r\nX-Pad: '), 0x61],
        ['crlf', Buffer.from('\r'), 0x0a],
        ['frame', Buffer.from([0x24, 0, 0xff, 0xff]), 0],
      ];
      const start = Date.now();
      const conns = await Promise.all(
        kinds.map(async ([kind, first, then]) => {
          const socket = await open(rtspPort);
          const fate = watch(socket);
          socket.write(first);
          const timer = setInterval(() => !socket.destroyed && socket.write(Buffer.from([then])), 5000);
          return { kind, socket, fate, timer };
        }),
      );
      while (Date.now() - start < 45_000 && conns.some((c) => c.fate.closedAt === null)) await sleep(250);
      const out: Record<string, unknown> = { sentBytesPerConnection: `1 per 5 s, ${conns.length} connections, 45 s at most` };
      for (const c of conns) {
        clearInterval(c.timer);
        out[`${c.kind}ClosedAfterS`] = c.fate.closedAt === null ? 'open at 45 s' : +((c.fate.closedAt - start) / 1000).toFixed(1);
        c.socket.destroy();
      }
      return out;
    });
    console.log(JSON.stringify(rows, null, 2));
  } finally {
    viewer.close();
    camera.stop();
    await relay.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
