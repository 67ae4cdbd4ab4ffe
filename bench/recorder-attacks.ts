/**
 * Issue #25's two attacks on the recorder, against a real relay process (npx tsx bench/recorder-attacks.ts):
 * - pre-roll: a motion-mode camera (pre-roll 5 s, 15 fps) is sent a still 1.7 MB JPEG at 15 fps for
 *   6 s over Socket.IO, then disconnects; the relay's external memory after a forced GC, before and after.
 * - sizes: frames alternating 640×360 and 320×240 at 15 fps for 4 s; the ffmpeg processes the relay
 *   started and the segment files it made.
 * Prints one JSON object. The relay runs with --expose-gc and collects on SIGUSR2 (a hook of this script).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { CaptureClient } from '../capture-client/capture-client.js';
import { freePort, startServerProcess } from '../test/helpers/processes.js';
import { TEST_ADMIN } from '../test/helpers/server.js';

const TOKEN = 'recorder-attacks-token';
const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Noise compresses badly: a 1920×1080 picture of it at quality 92 is about 1.7 MB. */
async function bigJpeg(): Promise<Buffer> {
  const px = Buffer.alloc(1920 * 1080 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 2654435761) >>> 24;
  return sharp(px, { raw: { width: 1920, height: 1080, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: auth })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

async function externalAfterGc(url: string, pid: number): Promise<number> {
  for (let i = 0; i < 3; i++) {
    process.kill(pid, 'SIGUSR2');
    await sleep(300);
  }
  return metric(url, 'camrelay_nodejs_external_memory_bytes');
}

/** Sends `frames` in turn at `fps` for `ms` over Socket.IO, then (after `before()`) disconnects. */
async function send(url: string, camera: string, frames: Buffer[], fps: number, ms: number, before = async () => {}): Promise<void> {
  const client = new CaptureClient({ server: url, token: TOKEN, cameraId: camera, transport: 'socketio', fps, ackTimeoutMs: 5000 });
  const start = Date.now();
  for (let n = 0; Date.now() - start < ms; n++) {
    client.push({ jpeg: frames[n % frames.length]!, capturedAt: Date.now() });
    await sleep(Math.max(0, start + ((n + 1) * 1000) / fps - Date.now()));
  }
  await before();
  client.close();
}

function ffmpegChildren(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), 'ffmpeg'])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-attacks-'));
  const hook = path.join(dataDir, 'gc-hook.cjs');
  writeFileSync(hook, "process.on('SIGUSR2', () => globalThis.gc && globalThis.gc());\n");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const recording = { cameras: { still: { mode: 'motion', fps: 15, preRollSeconds: 5 }, sizes: { mode: 'continuous', fps: 15 } } };
  const relay = await startServerProcess(port, dataDir, {
    CAMRELAY_CAPTURE_TOKEN: TOKEN,
    CAMRELAY_RECORDING: JSON.stringify(recording),
    NODE_OPTIONS: `--expose-gc --require ${hook}`,
  });
  const pid = relay.child.pid!;
  try {
    const jpeg = await bigJpeg();
    const idle = await externalAfterGc(url, pid);
    let connected = 0;
    await send(url, 'still', [jpeg], 15, 6000, async () => void (connected = await externalAfterGc(url, pid)));
    await sleep(1000);
    const afterDisconnect = await externalAfterGc(url, pid);
    const preRoll = {
      jpegBytes: jpeg.length,
      externalIdleMb: +(idle / 1e6).toFixed(1),
      externalStillConnectedMb: +(connected / 1e6).toFixed(1),
      externalAfterDisconnectMb: +(afterDisconnect / 1e6).toFixed(1),
      heldMb: +((afterDisconnect - idle) / 1e6).toFixed(1),
    };

    const small = await Promise.all([
      sharp({ create: { width: 640, height: 360, channels: 3, background: '#446' } })
        .jpeg()
        .toBuffer(),
      sharp({ create: { width: 320, height: 240, channels: 3, background: '#644' } })
        .jpeg()
        .toBuffer(),
    ]);
    const seen = new Set<number>();
    const watch = setInterval(() => ffmpegChildren(pid).forEach((p) => seen.add(p)), 20);
    await send(url, 'sizes', small, 15, 4000);
    clearInterval(watch);
    const listing = (await (await fetch(`${url}/api/cameras/sizes/recordings`, { headers: auth })).json()) as { segments: unknown[] };
    const day = new Date().toISOString().slice(0, 10);
    const files = readdirSync(path.join(dataDir, 'recordings', 'sizes', day)).filter((f) => f.endsWith('.mp4'));
    const sizes = { ffmpegProcessesSeen: seen.size, segmentFiles: files.length, listedSegments: listing.segments.length };
    console.log(JSON.stringify({ preRoll, sizes }, null, 2));
  } finally {
    await relay.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
