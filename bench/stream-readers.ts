/**
 * The relay's CPU per stream.mp4 reader, per HLS reader with `--hls`, per Low-Latency HLS reader with `--llhls`, or per RTSP reader with `--rtsp` (#41's target: ≤ 0.5% of a core
 * per reader of a 720p15 camera): a relay process (`npm start`), one camera sending the bench's 720p
 * H.264 fixture at 15 fps, and its CPU (from /proc/<pid>/stat, all its threads) over a window with 1
 * reader, then with 1 + `--readers`. The camera sends H.264 only while someone reads it (and the HLS
 * packager runs only while its playlist is fetched), so 1 reader is the baseline. An HLS reader fetches
 * the playlist every second, as hls.js does at worst, and each new segment once (as a player that knows no
 * LL-HLS: the init and the segments, no parts); an LL-HLS reader asks for the playlist as hls.js in lowLatencyMode
 * does, blocking on the next part (`_HLS_msn`/`_HLS_part`), fetches each new part once and the preload-hinted one
 * as soon as it is hinted; an RTSP reader is a raw TCP connection that DESCRIBEs, SETUPs (TCP interleaved) and
 * PLAYs, then reads. The first reader also times each frame from its capture to its arrival (#41's "RTSP / LL-HLS /
 * HLS ≤ 0.5 / 2 / 6 s"): RTSP per unit (lib/rtp-latency.ts); HLS per segment or part fetched, each frame in it
 * arriving when its fetch ended (lib/hls-latency.ts), from the reader's second playlist on (what its first listed
 * is the start-up, which a player skips to its hold-back anyway). With --player, hls.js in Chromium plays the stream
 * beside the readers, and its latency from capture to the picture on screen is sampled (lib/hls-player.ts). Prints JSON.
 * Run: npx tsx bench/stream-readers.ts [--hls | --llhls [--player] | --rtsp] [--readers 5] [--seconds 20]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { freePort, startServerProcess } from '../test/helpers/processes.js';
import { makeJpeg } from '../test/helpers/jpeg.js';
import { TEST_ADMIN } from '../test/helpers/server.js';
import { processCpuMs } from './lib/child-cpu.js';
import { FIXTURE_SIZE, h264Fixture } from './lib/h264-fixture.js';
import { FetchArrivals } from './lib/hls-latency.js';
import { startHlsPlayer, type HlsPlayer } from './lib/hls-player.js';
import { ArrivalLog, latencies, percentile, type Arrival } from './lib/rtp-latency.js';

const { values } = parseArgs({
  options: {
    readers: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    hls: { type: 'boolean', default: false },
    llhls: { type: 'boolean', default: false },
    player: { type: 'boolean', default: false },
    rtsp: { type: 'boolean', default: false },
  },
});
const [extra, seconds] = [Number(values.readers), Number(values.seconds)];
const { width, height } = FIXTURE_SIZE;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const units = await h264Fixture(15);
const jpeg = await makeJpeg(width, height);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-stream-bench-'));
const rtspPort = values.rtsp ? await freePort() : null;
const relay = await startServerProcess(port, dataDir, { CAMRELAY_RTSP_PORT: rtspPort === null ? 'off' : String(rtspPort) });
const pid = relay.child.pid!;

// The site-wide capture token the relay made in its data folder at its first start.
const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
const camera = io(`${url}/capture`, { auth: { token, cameraId: 'cam', offers: ['h264'] }, transports: ['websocket'], forceNew: true });
let wanted = false;
camera.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
let seq = 0;
/** The capture time of every H.264 unit sent, for the RTSP reader's latency. */
const sent: number[] = [];
const timer = setInterval(() => {
  seq++;
  camera.emit('frame', { seq, capturedAt: Date.now(), width, height }, jpeg, () => {});
  if (!wanted) return;
  const u = units[seq % units.length]!;
  const capturedAt = Date.now();
  sent.push(capturedAt);
  camera.emit('h264', { seq, capturedAt, keyframe: u.keyframe, width, height }, u.data, () => {});
}, 1000 / 15);

const origin = { origin: url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
const login = await fetch(`${url}/api/login`, { method: 'POST', headers: origin, body: JSON.stringify(TEST_ADMIN) });
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const made = await fetch(`${url}/api/cameras/cam/stream-tokens`, { method: 'POST', headers: { ...origin, cookie }, body: '{}' });
const { secret } = (await made.json()) as { secret: string };

let bytes = 0;
const arrivals = new ArrivalLog();
const fetchArrivals = new FetchArrivals();
const aborts: AbortController[] = [];

/** A new HLS reader's first playlist; the first reader is the one whose latency is timed. */
async function openPlaylist(): Promise<{ ac: AbortController; timed: boolean; base: string; first: string }> {
  const ac = new AbortController();
  aborts.push(ac);
  const base = `${url}/api/cameras/cam/`;
  const res = await fetch(`${base}stream.m3u8?token=${secret}`);
  if (res.status !== 200) throw new Error(`stream.m3u8 answered ${res.status}: ${await res.text()}`);
  return { ac, timed: aborts.length === 1, base, first: await res.text() };
}

/** One HLS reader: the playlist every second, the init and each segment in it not fetched yet (no parts). */
async function readHls(): Promise<void> {
  const { ac, timed, base, first } = await openPlaylist();
  let text = first;
  const fetched = new Set<string>();
  let rounds = 0;
  void (async () => {
    while (!ac.signal.aborted) {
      for (const uri of [...text.matchAll(/^(hls\/seg-[^\s]+)$|#EXT-X-MAP:URI="([^"]+)"/gm)].map((m) => m[1] ?? m[2]!)) {
        if (fetched.has(uri)) continue;
        fetched.add(uri);
        const got = await fetchBytes(base + uri, ac.signal);
        if (timed && rounds > 0 && got) fetchArrivals.feed(got);
      }
      rounds++;
      await sleep(1000);
      text = (await (await fetch(`${base}stream.m3u8?token=${secret}`, { signal: ac.signal }).catch(() => null))?.text().catch(() => '')) ?? '';
    }
  })();
}

/** A URI's bytes, counted; null when it failed (a part no longer held, the reader stopped). */
async function fetchBytes(u: string, signal: AbortSignal): Promise<Uint8Array | null> {
  const res = await fetch(u, { signal }).catch(() => null);
  if (!res || res.status !== 200) return null;
  const got = new Uint8Array(await res.arrayBuffer().catch(() => new ArrayBuffer(0)));
  bytes += got.length;
  return got;
}

/** Where a blocking reload asks next, from a playlist: the segment being made and how many of its parts are listed. */
function nextPart(text: string): { msn: number; part: number; hint: string | null } {
  const first = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
  const tail = text.slice(Math.max(0, text.lastIndexOf('#EXTINF')));
  return {
    msn: first + (text.match(/^#EXTINF/gm) ?? []).length,
    part: (tail.match(/#EXT-X-PART:/g) ?? []).length,
    hint: /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]+)"/.exec(text)?.[1] ?? null,
  };
}

/** One LL-HLS reader, as hls.js in lowLatencyMode: blocking reloads for the next part, each new part once, the hinted part at once. */
async function readLlHls(): Promise<void> {
  const { ac, timed, base, first } = await openPlaylist();
  let text = first;
  // A player starts at its part hold-back: what the first playlist lists is not fetched part by part.
  const fetched = new Set<string>([...text.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]+)"/g)].map((m) => m[1]!));
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(text)?.[1];
  if (init) await fetchBytes(base + init, ac.signal);
  const take = async (uri: string) => {
    fetched.add(uri);
    const got = await fetchBytes(base + uri, ac.signal);
    if (timed && got) fetchArrivals.feed(got);
  };
  void (async () => {
    while (!ac.signal.aborted) {
      for (const uri of [...text.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]+)"/g)].map((m) => m[1]!)) if (!fetched.has(uri)) await take(uri);
      const next = nextPart(text);
      // The hinted part's fetch waits at the relay until it is made: it arrives as soon as it exists.
      if (next.hint && !fetched.has(next.hint)) await take(next.hint);
      const res = await fetch(`${base}stream.m3u8?token=${secret}&_HLS_msn=${next.msn}&_HLS_part=${next.part}`, { signal: ac.signal }).catch(() => null);
      text = (await res?.text().catch(() => '')) ?? '';
      if (res?.status !== 200) {
        // Behind or ahead of the playlist (a 400): start again from a plain reload.
        await sleep(200);
        text = (await (await fetch(`${base}stream.m3u8?token=${secret}`, { signal: ac.signal }).catch(() => null))?.text().catch(() => '')) ?? '';
      }
    }
  })();
}

/** One RTSP reader: DESCRIBE, SETUP over TCP, PLAY, then every byte read and counted. */
async function readRtsp(): Promise<void> {
  const socket = connect(rtspPort!, '127.0.0.1');
  const ac = new AbortController();
  aborts.push(ac);
  ac.signal.addEventListener('abort', () => socket.destroy());
  const base = `rtsp://127.0.0.1:${rtspPort}/cam`;
  let got = '';
  let playing = false;
  const timed = aborts.length === 1;
  const answer = () =>
    new Promise<string>((resolve) => {
      const check = () => {
        const end = got.indexOf('\r\n\r\n');
        if (end < 0) return void socket.once('data', check);
        const head = got.slice(0, end);
        const length = Number(/Content-Length: (\d+)/.exec(head)?.[1] ?? 0);
        got = got.slice(end + 4 + length);
        resolve(head);
      };
      check();
    });
  socket.on('data', (d: Buffer) => {
    if (playing) bytes += d.length;
    else got += d.toString('latin1');
    if (playing && timed) arrivals.feed(d);
  });
  socket.write(`DESCRIBE ${base}?token=${secret} RTSP/1.0\r\nCSeq: 1\r\n\r\n`);
  const described = await answer();
  if (!described.startsWith('RTSP/1.0 200')) throw new Error(`DESCRIBE answered ${described}`);
  socket.write(`SETUP ${base}/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n`);
  const session = /Session: ([0-9a-f]+)/.exec(await answer())![1]!;
  socket.write(`PLAY ${base}/ RTSP/1.0\r\nCSeq: 3\r\nSession: ${session}\r\n\r\n`);
  await answer();
  playing = true;
  // What came after the PLAY answer in its chunk is the first RTP.
  if (timed) arrivals.feed(Buffer.from(got, 'latin1'));
}

async function read(): Promise<void> {
  if (values.hls) return readHls();
  if (values.llhls) return readLlHls();
  if (values.rtsp) return readRtsp();
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
async function window(settled?: () => Promise<unknown>): Promise<{ cpuPct: number; readBytesPerS: number }> {
  await sleep(3000); // settle: the demand reaches the camera, readers get their first GOP
  await settled?.();
  const [cpu0, bytes0, t0] = [processCpuMs(pid), bytes, Date.now()];
  await sleep(seconds * 1000);
  const elapsed = Date.now() - t0;
  return { cpuPct: ((processCpuMs(pid) - cpu0) / elapsed) * 100, readBytesPerS: Math.round(((bytes - bytes0) * 1000) / elapsed) };
}

/** The first reader's frames, from capture to arrival: median, p95, worst, and how many were matched. */
function latencySummary(heard: Arrival[]): { p50: number; p95: number; max: number; units: number; matched: number } {
  const ms = latencies(heard, sent);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms), units: heard.length, matched: ms.length };
}

await read();
const player: HlsPlayer | null =
  values.player && (values.hls || values.llhls) ? await startHlsPlayer(url, `${url}/api/cameras/cam/stream.m3u8?token=${secret}`, values.llhls) : null;
// What the player showed while the first window ran (its start-up, during the settle, left out).
const one = await window(() => player?.take() ?? Promise.resolve());
const shown = (await player?.take()) ?? [];
for (let i = 0; i < extra; i++) await read();
const many = await window();
console.log(
  JSON.stringify(
    {
      camera: `${width}x${height}@15`,
      reader: values.hls ? 'hls' : values.llhls ? 'llhls' : values.rtsp ? 'rtsp' : 'stream.mp4',
      loadAvg: loadavg().map((l) => Number(l.toFixed(2))),
      seconds,
      oneReader: one,
      readers: 1 + extra,
      many,
      cpuPctPerExtraReader: Number(((many.cpuPct - one.cpuPct) / extra).toFixed(3)),
      ...(values.rtsp ? { latencyMs: latencySummary(arrivals.arrivals) } : {}),
      ...(values.hls || values.llhls ? { latencyMs: latencySummary(fetchArrivals.arrivals) } : {}),
      ...(player ? { playerLatencyMs: { p50: percentile(shown, 50), p95: percentile(shown, 95), max: Math.max(...shown), samples: shown.length } } : {}),
    },
    null,
    2,
  ),
);
aborts.forEach((a) => a.abort());
await player?.close();
clearInterval(timer);
camera.close();
await relay.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });
