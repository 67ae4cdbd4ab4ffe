/**
 * #37 item 8: one RTSP camera taken two ways (a capture program as a PC runs it, and the relay's own IP
 * camera), for SECONDS seconds; counts stalls, offline spells, capture connections and motion events.
 * Usage: npx tsx bench/two-readers.ts same|two [seconds]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../test/helpers/processes.js';
import { startRtspCamera } from '../test/helpers/rtsp-camera.js';
const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' };
const sameOrigin = (s: { url: string }) => ({ origin: s.url, 'sec-fetch-site': 'same-origin' });
async function login(s: { url: string }, user: typeof TEST_ADMIN): Promise<string> {
  const res = await fetch(`${s.url}/api/login`, {
    method: 'POST',
    headers: { ...sameOrigin(s), 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const mode = process.argv[2] === 'same' ? 'same' : 'two';
const seconds = Number(process.argv[3] ?? 60);
const pcId = mode === 'same' ? 'porch' : 'porch-pc';
const ids = [...new Set(['porch', pcId])];
const TOKEN = 'two-readers-capture-token';

const dir = mkdtempSync(path.join(tmpdir(), 'two-readers-'));
const config = path.join(dir, 'camrelay.json');
writeFileSync(config, JSON.stringify({ recording: { cameras: Object.fromEntries(ids.map((id) => [id, { mode: 'motion' }])) } }));
const camera = await startRtspCamera({ fps: 10 });
// A run that fails (the relay too slow to start on a loaded box) must not leave the camera, relay or program behind.
const children: Array<{ kill(signal?: NodeJS.Signals): unknown }> = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
process.on('uncaughtException', (err) => {
  console.error(err);
  void camera.stop().finally(() => process.exit(1));
});
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// Started here rather than by startServerProcess: on a loaded box the relay may need more than its 30 s to answer.
const relayChild = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CAMRELAY_DATA_DIR: path.join(dir, 'data'),
    CAMRELAY_ADMIN_PASSWORD: TEST_ADMIN.password,
    CAMRELAY_CONFIG: config,
    CAMRELAY_CAPTURE_TOKEN: TOKEN,
    CAMRELAY_LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
children.push(relayChild);
let relayOut = '';
relayChild.stdout.on('data', (d) => (relayOut += d));
relayChild.stderr.on('data', (d) => (relayOut += d));
for (let i = 0; !(await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok; i++) {
  if (i > 1800) throw new Error('the relay did not start in 180 s');
  await new Promise((r) => setTimeout(r, 100));
}
const relay = { output: () => relayOut, kill: async (_s: string) => void relayChild.kill('SIGTERM') };
const cookie = await login({ url }, TEST_ADMIN);
const t0 = Date.now();
const put = await fetch(`${url}/api/admin/ip-cameras/porch`, {
  method: 'PUT',
  headers: { cookie, ...sameOrigin({ url }), 'content-type': 'application/json' },
  body: JSON.stringify({ kind: 'rtsp', url: camera.url('sub'), recordUrl: camera.url('main'), fps: 10 }),
});
console.log('PUT ip camera', put.status);
let pcOut = '';
let pcRuns = 0;
let stopping = false;
// The PC's program runs as a service would: started again when it ends.
const startPc = () => {
  pcRuns++;
  const pc = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', `--server=${url}`, `--camera=${pcId}`, '--source=rtsp', '--fps=10'], {
    env: { ...process.env, CAMRELAY_TOKEN: TOKEN, CAMRELAY_CAMERA_URL: camera.url('sub'), CAMRELAY_RECORD_URL: camera.url('main') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(pc);
  pc.stdout.on('data', (d) => (pcOut += d));
  pc.stderr.on('data', (d) => (pcOut += d));
  pc.once('exit', (code) => {
    pcOut += `\n[exit ${code} at ${((Date.now() - t0) / 1000).toFixed(1)} s]\n`;
    if (!stopping) setTimeout(startPc, 1000);
  });
  return pc;
};
const pc = startPc();
pc.once('spawn', () => {});

// The window starts once the camera is first live (on a loaded box that takes a minute or more).
for (let i = 0; ; i++) {
  const list = (await (await fetch(`${url}/api/cameras`, { headers: { cookie } })).json()) as Array<{ id: string; status: string }>;
  if (list.some((c) => c.id === 'porch' && c.status === 'live')) break;
  if (i > 1800) throw new Error('porch never went live in 180 s');
  await new Promise((r) => setTimeout(r, 100));
}
const windowStart = Date.now();
const pcRunsAtStart = pcRuns;
console.log(`live after ${((windowStart - t0) / 1000).toFixed(1)} s; measuring ${seconds} s`);
const status = new Map<string, string>();
const counts = new Map<string, Record<string, number>>(ids.map((id) => [id, { stalled: 0, offline: 0 }]));
const timeline: string[] = [];
const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  const list = (await (await fetch(`${url}/api/cameras`, { headers: { cookie } })).json()) as Array<{ id: string; status: string }>;
  for (const c of list) {
    const before = status.get(c.id);
    if (before !== c.status) {
      timeline.push(`${((Date.now() - windowStart) / 1000).toFixed(1)}s ${c.id} ${before ?? '-'} -> ${c.status}`);
      const count = counts.get(c.id);
      if (before && c.status !== 'live' && count) count[c.status] = (count[c.status] ?? 0) + 1;
      status.set(c.id, c.status);
    }
  }
  await new Promise((r) => setTimeout(r, 100));
}
const events = (await (await fetch(`${url}/api/events?from=${windowStart}&to=${Date.now()}`, { headers: { cookie } })).json()) as {
  events: Array<{ camera: string }>;
};
const admin = (await (await fetch(`${url}/api/admin/ip-cameras`, { headers: { cookie } })).json()) as {
  cameras: Array<{ restarts: number; lastLine: string }>;
};
const relayLog = relay.output();
const connected = relayLog.split('\n').filter((l) => l.includes('"capture connected"') && Number(/"time":(\d+)/.exec(l)?.[1]) >= windowStart);
const kicked = (pcOut.match(/took it over/g) ?? []).length;
const waiting = (pcOut.match(/CAMERA_IN_USE/g) ?? []).length;
stopping = true;
for (const id of ids)
  console.log(
    `${id}: stalled ${counts.get(id)!.stalled}, offline ${counts.get(id)!.offline}, motion events ${events.events.filter((e) => e.camera === id).length}, capture connections ${connected.filter((l) => l.includes(`"cameraId":"${id}"`)).length}`,
  );
console.log(
  `relay's IP camera restarts ${admin.cameras[0]?.restarts} (since its start); PC program started ${pcRuns - pcRunsAtStart} times in the window, told "took it over" ${kicked} times, CAMERA_IN_USE said ${waiting} times (since its start)`,
);
console.log('timeline:\n' + timeline.join('\n'));
console.log(
  'PC program said (last 1500 chars):\n' +
    pcOut
      .replace(/\r/g, '\n')
      .split('\n')
      .filter((l) => l.trim())
      .slice(-15)
      .join('\n'),
);
console.log('relay IP camera last line:', admin.cameras[0]?.lastLine);
pc.kill('SIGKILL');
await relay.kill('SIGTERM');
await camera.stop();
process.exit(0);
