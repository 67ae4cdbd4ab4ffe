/**
 * `npm run bench -- --only=live-sound-cpu`: #40's relay CPU per listening viewer (target ≤ 0.1% of a core). A relay
 * process (server-proc.ts), one camera on a real `/capture` connection sending the bench's 720p15 H.264 and AAC-LC
 * 48 kHz (ffmpeg's encoder on a tone, test/server/recording/aac-fixtures.ts) with its sound turned on by an admin,
 * and LISTENERS socket.io-client viewers on `/monitor` that watch its H.264 all along and ack every event. Windows
 * alternate: the viewers watching only, then also listening (`audio: [camera]`, one `aac` event per frame each);
 * the relay's CPU difference over the listeners is what one listener costs beyond watching.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { makeJpeg } from '../test/helpers/jpeg.js';
import { aacFrames } from '../test/server/recording/aac-fixtures.js';
import { h264Fixture, FIXTURE_SIZE } from './lib/h264-fixture.js';
import { procGroup } from './lib/proc.js';
import { BENCH_ADMIN, BENCH_TOKEN } from './systems/credentials.js';

const CAMERA = 'cam';
const FPS = 15;
const LISTENERS = 20;
const SETTLE_MS = 3000;
const WINDOW_MS = 15_000;
/** Watching, listening, watching, listening: a drift of the shared box's load falls on both alike. */
const ROUNDS = 2;
/** #40's target: a listener costs the relay at most this share of one core. */
const TARGET_PCT = 0.1;

export interface SoundCpuWindow {
  listening: boolean;
  cpuPct: number;
  /** AAC frames each viewer took per second (0 while only watching; ~46.9 at 48 kHz). */
  aacPerViewerPerS: number;
  h264PerViewerPerS: number;
}

export interface LiveSoundCpu {
  load: number[];
  loadAfter: number[];
  viewers: number;
  windows: SoundCpuWindow[];
  /** (mean listening − mean watching) ÷ viewers, % of one core. */
  cpuPctPerListener: number;
}

type Log = (m: string) => void;

/** One admin request to the relay, signed in as a browser is (same origin). */
async function admin(url: string): Promise<(path: string, method: string, body: object) => Promise<Response>> {
  const origin = { origin: url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
  const login = await fetch(`${url}/api/login`, { method: 'POST', headers: origin, body: JSON.stringify(BENCH_ADMIN) });
  if (login.status !== 200) throw new Error(`bench: sign-in answered ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return (path, method, body) => fetch(`${url}${path}`, { method, headers: { ...origin, cookie }, body: JSON.stringify(body) });
}

/**
 * The camera: H.264 at 15 fps and an AAC frame every 21.3 ms, each stamped at send time, whatever the demand says, and
 * a JPEG a second (the relay numbers a camera's session by its JPEGs and sends no H.264 before the first).
 */
async function startCamera(url: string): Promise<{ socket: Socket; stop(): void }> {
  const [units, aac, jpeg] = await Promise.all([h264Fixture(FPS), aacFrames(10, 48_000), makeJpeg(FIXTURE_SIZE.width, FIXTURE_SIZE.height)]);
  const socket = io(`${url}/capture`, { auth: { token: BENCH_TOKEN, cameraId: CAMERA, offers: ['h264'] }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
  const t0 = Date.now();
  let [video, audio] = [0, 0];
  // One tick sends what is due: setInterval at 21.3 ms would drift on a busy box.
  const timer = setInterval(() => {
    const now = Date.now();
    for (; t0 + video * (1000 / FPS) <= now; video++) {
      if (video % FPS === 0) socket.emit('frame', { seq: video / FPS + 1, capturedAt: now, ...FIXTURE_SIZE }, jpeg, () => {});
      const u = units[video % units.length]!;
      socket.emit('h264', { seq: video + 1, capturedAt: now, keyframe: u.keyframe, ...FIXTURE_SIZE }, u.data, () => {});
    }
    for (; t0 + audio * aac.frameMs <= now; audio++) {
      const meta = { seq: audio + 1, capturedAt: now, sampleRate: aac.sampleRate, channels: aac.channels, config: aac.config };
      socket.emit('aac', meta, aac.frames[audio % aac.frames.length]!, () => {});
    }
  }, 10);
  return { socket, stop: () => (clearInterval(timer), socket.close()) };
}

interface Viewer {
  socket: Socket;
  aac: number;
  h264: number;
}

async function connectViewer(url: string): Promise<Viewer> {
  const socket = io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth: { ...BENCH_ADMIN } });
  const v: Viewer = { socket, aac: 0, h264: 0 };
  socket.on('h264', (_m: unknown, _d: unknown, ack?: () => void) => (v.h264++, ack?.()));
  socket.on('aac', (_m: unknown, _d: unknown, ack?: () => void) => (v.aac++, ack?.()));
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
  return v;
}

const subscribe = (v: Viewer, listening: boolean) =>
  v.socket.timeout(30_000).emitWithAck('subscribe', { cameraIds: [CAMERA], h264: [CAMERA], ...(listening ? { audio: [CAMERA] } : {}) });

/** The row, about 80 s. */
export async function runLiveSoundCpu(log: Log): Promise<LiveSoundCpu> {
  log(`  live-sound-cpu: ${LISTENERS} viewers of a 720p15 H.264 camera with sound, watching, then also listening…`);
  const load = loadavg();
  const { spawn, killAll } = procGroup();
  let camera: { stop(): void } | null = null;
  const viewers: Viewer[] = [];
  try {
    const server = spawn('server-proc.ts', []);
    const { port } = await server.ask<{ port: number }>('start', { system: 'camrelay' });
    const url = `http://127.0.0.1:${port}`;
    const cpuMs = async () => (await server.ask<{ cpuMs: number }>('stats')).cpuMs;
    camera = await startCamera(url);
    const ask = await admin(url);
    // The camera is listed at its first unit: asked again until the relay knows it.
    for (let i = 0; ; i++) {
      const res = await ask(`/api/cameras/${CAMERA}`, 'PATCH', { sound: true });
      if (res.status === 200) break;
      if (res.status !== 404 || i > 100) throw new Error(`bench: sound on answered ${res.status}: ${await res.text()}`);
      await sleep(200);
    }
    for (let i = 0; i < LISTENERS; i++) viewers.push(await connectViewer(url));
    const windows: SoundCpuWindow[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const listening of [false, true]) {
        await Promise.all(viewers.map((v) => subscribe(v, listening)));
        await sleep(SETTLE_MS);
        const count = (): [number, number] => [viewers.reduce((a, v) => a + v.aac, 0), viewers.reduce((a, v) => a + v.h264, 0)];
        const [cpu0, [aac0, h2640], t0] = [await cpuMs(), count(), performance.now()];
        await sleep(WINDOW_MS);
        const [cpu1, [aac1, h2641], t1] = [await cpuMs(), count(), performance.now()];
        const perViewerPerS = (n: number) => Number(((n * 1000) / (t1 - t0) / viewers.length).toFixed(1));
        const w = {
          listening,
          cpuPct: Number((((cpu1 - cpu0) / (t1 - t0)) * 100).toFixed(2)),
          aacPerViewerPerS: perViewerPerS(aac1 - aac0),
          h264PerViewerPerS: perViewerPerS(h2641 - h2640),
        };
        log(
          `  live-sound-cpu: ${listening ? 'listening' : 'watching '} ${w.cpuPct}% of a core, ${w.aacPerViewerPerS} aac/s and ${w.h264PerViewerPerS} h264/s per viewer`,
        );
        windows.push(w);
      }
    }
    const mean = (listening: boolean) => {
      const ws = windows.filter((w) => w.listening === listening);
      return ws.reduce((a, w) => a + w.cpuPct, 0) / ws.length;
    };
    const cpuPctPerListener = Number(((mean(true) - mean(false)) / LISTENERS).toFixed(3));
    return { load, loadAfter: loadavg(), viewers: LISTENERS, windows, cpuPctPerListener };
  } finally {
    viewers.forEach((v) => v.socket.close());
    camera?.stop();
    await killAll();
  }
}

export function renderLiveSoundCpu(r: LiveSoundCpu): string {
  const cpu = (listening: boolean) =>
    r.windows
      .filter((w) => w.listening === listening)
      .map((w) => w.cpuPct.toFixed(2))
      .join(' / ');
  const aac = r.windows
    .filter((w) => w.listening)
    .map((w) => w.aacPerViewerPerS.toFixed(1))
    .join(' / ');
  return [
    '| live sound row | viewers | relay CPU watching, % of a core | relay CPU watching + listening | AAC frames per listener per s | CPU per listener | target | met | load (1 min) |',
    '|---|---|---|---|---|---|---|---|---|',
    `| 720p15 H.264 + AAC 48 kHz, ${WINDOW_MS / 1000} s windows | ${r.viewers} | ${cpu(false)} | ${cpu(true)} | ${aac} | ${r.cpuPctPerListener.toFixed(3)}% | ≤ ${TARGET_PCT}% | ${r.cpuPctPerListener <= TARGET_PCT ? 'yes' : 'no'} | ${r.load[0]!.toFixed(1)} → ${r.loadAfter[0]!.toFixed(1)} |`,
  ].join('\n');
}
