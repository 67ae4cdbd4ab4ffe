/**
 * Issue #37 item 12, the relay's memory after a pre-roll barrage, against a real relay process
 * (npx tsx bench/preroll-memory.ts): a motion-mode camera (pre-roll 5 s, 15 fps) is sent a still
 * 1.7 MB JPEG at 15 fps for 6 s by a real capture client over Socket.IO (the pre-roll fills to its
 * 32 MB cap), then the client disconnects. The relay's RSS, V8 heap and external memory are read at
 * the start, while connected, 3 s and 20 s after the camera left, then once more after a forced GC
 * (diagnosis only: it says how much of what is left is garbage V8 had not collected yet).
 * Prints one JSON object; `--quick` waits 8 s instead of 20 s; `NAME=value` arguments go to the
 * relay's environment (npx tsx bench/preroll-memory.ts MALLOC_MMAP_THRESHOLD_=131072).
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { CaptureClient } from '../capture-client/capture-client.js';
import { freePort, startServerProcess } from '../test/helpers/processes.js';
import { TEST_ADMIN } from '../test/helpers/server.js';

const TOKEN = 'preroll-memory-token';
const CAMERA = 'still';
const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => +(bytes / 1e6).toFixed(1);

/** Noise compresses badly: a 1920×1080 picture of it at quality 92 is about 1.7 MB. */
export async function bigJpeg(): Promise<Buffer> {
  const px = Buffer.alloc(1920 * 1080 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 2654435761) >>> 24;
  return sharp(px, { raw: { width: 1920, height: 1080, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/** RSS from /proc (what the OS counts), heap and external from the relay's own /metrics. */
async function sample(url: string, pid: number): Promise<MemorySample> {
  const text = await (await fetch(`${url}/metrics`, { headers: auth })).text();
  const metric = (name: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name} `))
        ?.split(' ')[1] ?? NaN,
    );
  const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return {
    rssMb: mb(rssKb * 1024),
    heapUsedMb: mb(metric('camrelay_nodejs_heap_size_used_bytes')),
    externalMb: mb(metric('camrelay_nodejs_external_memory_bytes')),
  };
}

async function preRollBytes(url: string): Promise<number> {
  const status = (await (await fetch(`${url}/api/cameras/${CAMERA}/recording`, { headers: auth })).json()) as { preRoll: { bytes: number } };
  return status.preRoll.bytes;
}

export interface PreRollMemory {
  jpegBytes: number;
  preRollMbConnected: number;
  preRollMbAfter: number;
  start: MemorySample;
  connected: MemorySample;
  after3s: MemorySample;
  afterWait: MemorySample;
  waitSeconds: number;
  afterGc: MemorySample;
  /** RSS afterWait minus start: the figure issue #37 bounds at +60 MB. */
  rssGrowthMb: number;
}

/** `env`: more of the relay's environment (an allocator setting, say: MALLOC_MMAP_THRESHOLD_=131072). */
export async function measurePreRollMemory(waitSeconds = 20, env: Record<string, string> = {}): Promise<PreRollMemory> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-preroll-'));
  const hook = path.join(dataDir, 'gc-hook.cjs');
  writeFileSync(hook, "process.on('SIGUSR2', () => globalThis.gc && globalThis.gc());\n");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const recording = { cameras: { [CAMERA]: { mode: 'motion', fps: 15, preRollSeconds: 5 } } };
  const relay = await startServerProcess(port, dataDir, {
    CAMRELAY_CAPTURE_TOKEN: TOKEN,
    CAMRELAY_RECORDING: JSON.stringify(recording),
    NODE_OPTIONS: `--expose-gc --require ${hook}`,
    ...env,
  });
  const pid = relay.child.pid!;
  try {
    const jpeg = await bigJpeg();
    // The relay's start (module loading, JIT) settles before the baseline is read.
    await sleep(3000);
    const start = await sample(url, pid);
    const client = new CaptureClient({ server: url, token: TOKEN, cameraId: CAMERA, transport: 'socketio', fps: 15, ackTimeoutMs: 5000 });
    const began = Date.now();
    for (let n = 0; Date.now() - began < 6000; n++) {
      client.push({ jpeg, capturedAt: Date.now() });
      await sleep(Math.max(0, began + ((n + 1) * 1000) / 15 - Date.now()));
    }
    const connected = await sample(url, pid);
    const preRollMbConnected = mb(await preRollBytes(url));
    client.close();
    await sleep(3000);
    const after3s = await sample(url, pid);
    const preRollMbAfter = mb(await preRollBytes(url));
    await sleep((waitSeconds - 3) * 1000);
    const afterWait = await sample(url, pid);
    for (let i = 0; i < 3; i++) {
      process.kill(pid, 'SIGUSR2');
      await sleep(300);
    }
    const afterGc = await sample(url, pid);
    return {
      jpegBytes: jpeg.length,
      preRollMbConnected,
      preRollMbAfter,
      start,
      connected,
      after3s,
      afterWait,
      waitSeconds,
      afterGc,
      rssGrowthMb: +(afterWait.rssMb - start.rssMb).toFixed(1),
    };
  } finally {
    await relay.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = Object.fromEntries(process.argv.filter((a) => /^[A-Z_]+=/.test(a)).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  console.log(JSON.stringify(await measurePreRollMemory(process.argv.includes('--quick') ? 8 : 20, env), null, 2));
}
