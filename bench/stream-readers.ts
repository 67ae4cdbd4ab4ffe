/**
 * The relay's CPU per stream.mp4 reader (#41's target: ≤ 0.5% of a core per reader of a 720p15 camera):
 * a relay process (`npm start`), one camera sending the bench's 720p H.264 fixture at 15 fps, and its
 * CPU (from /proc/<pid>/stat, all its threads) over a window with 1 reader, then with 1 + `--readers`.
 * The camera sends H.264 only while someone reads it, so 1 reader is the baseline. Prints JSON.
 * Run: npx tsx bench/stream-readers.ts [--readers 5] [--seconds 20]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { freePort, startServerProcess } from '../test/helpers/processes.js';
import { makeJpeg } from '../test/helpers/jpeg.js';
import { TEST_ADMIN } from '../test/helpers/server.js';
import { processCpuMs } from './lib/child-cpu.js';
import { FIXTURE_SIZE, h264Fixture } from './lib/h264-fixture.js';

const { values } = parseArgs({ options: { readers: { type: 'string', default: '5' }, seconds: { type: 'string', default: '20' } } });
const [extra, seconds] = [Number(values.readers), Number(values.seconds)];
const { width, height } = FIXTURE_SIZE;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const units = await h264Fixture(15);
const jpeg = await makeJpeg(width, height);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-stream-bench-'));
const relay = await startServerProcess(port, dataDir);
const pid = relay.child.pid!;

// The site-wide capture token the relay made in its data folder at its first start.
const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
const camera = io(`${url}/capture`, { auth: { token, cameraId: 'cam', offers: ['h264'] }, transports: ['websocket'], forceNew: true });
let wanted = false;
camera.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
let seq = 0;
const timer = setInterval(() => {
  seq++;
  camera.emit('frame', { seq, capturedAt: Date.now(), width, height }, jpeg, () => {});
  if (!wanted) return;
  const u = units[seq % units.length]!;
  camera.emit('h264', { seq, capturedAt: Date.now(), keyframe: u.keyframe, width, height }, u.data, () => {});
}, 1000 / 15);

const origin = { origin: url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
const login = await fetch(`${url}/api/login`, { method: 'POST', headers: origin, body: JSON.stringify(TEST_ADMIN) });
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const made = await fetch(`${url}/api/cameras/cam/stream-tokens`, { method: 'POST', headers: { ...origin, cookie }, body: '{}' });
const { secret } = (await made.json()) as { secret: string };

let bytes = 0;
const aborts: AbortController[] = [];
async function read(): Promise<void> {
  const ac = new AbortController();
  aborts.push(ac);
  const res = await fetch(`${url}/api/cameras/cam/stream.mp4?token=${secret}`, { signal: ac.signal });
  if (res.status !== 200) throw new Error(`stream.mp4 answered ${res.status}: ${await res.text()}`);
  const reader = res.body!.getReader();
  void (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (r.done) return;
      bytes += r.value?.length ?? 0;
    }
  })();
}

/** The relay's CPU over `seconds`, as % of one core, and the bytes the readers took meanwhile. */
async function window(): Promise<{ cpuPct: number; readBytesPerS: number }> {
  await sleep(3000); // settle: the demand reaches the camera, readers get their first GOP
  const [cpu0, bytes0, t0] = [processCpuMs(pid), bytes, Date.now()];
  await sleep(seconds * 1000);
  const elapsed = Date.now() - t0;
  return { cpuPct: ((processCpuMs(pid) - cpu0) / elapsed) * 100, readBytesPerS: Math.round(((bytes - bytes0) * 1000) / elapsed) };
}

await read();
const one = await window();
for (let i = 0; i < extra; i++) await read();
const many = await window();
console.log(
  JSON.stringify(
    {
      camera: `${width}x${height}@15`,
      seconds,
      oneReader: one,
      readers: 1 + extra,
      many,
      cpuPctPerExtraReader: Number(((many.cpuPct - one.cpuPct) / extra).toFixed(3)),
    },
    null,
    2,
  ),
);
aborts.forEach((a) => a.abort());
clearInterval(timer);
camera.close();
await relay.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });
