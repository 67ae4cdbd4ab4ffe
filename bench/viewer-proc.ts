/**
 * K viewers of one system in one process, each recording what it receives: frames, bytes,
 * latency (receipt − capture stamp) and, for viewer 0, a timeline (for the frozen-viewer check).
 * Link `webrtc`: camrelay websocket viewers that upgrade on `upgrade`, after which only data-channel
 * frames are recorded. camrelay viewers may ask cameras as live H.264 (#38's per-unit row): its units count as frames.
 */
import { Fetch, io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { fetchFramesWhilePolling, FrameFetcher } from '../dashboard/src/receivers/socketio/frame-fetcher.js';
import { unpackHeader } from './lib/frame-header.js';
import type { Tally } from './lib/load.js';
import { serve } from './lib/proc.js';
import { startProfile, stopProfile } from './lib/profiler.js';
import { startThrottleProxy } from './lib/throttle-proxy.js';
import type { BenchWebrtcViewer } from './lib/webrtc-viewer.js';
import { BENCH_ADMIN } from './systems/credentials.js';
import type { SystemName } from './systems/system.js';

const [system, port, count, link, throttle, h264Cameras] = [
  process.argv[2] as SystemName,
  Number(process.argv[3]),
  Number(process.argv[4]),
  process.argv[5] as 'websocket' | 'polling' | 'webrtc',
  Number(process.argv[6] ?? 0),
  /** camrelay: the first this many cameras are asked as live H.264 (`subscribe.h264`), each unit counted as a frame. */
  Number(process.argv[7] ?? 0),
];
const h264 = Array.from({ length: h264Cameras }, (_, c) => `cam${c}`);
const tallies: Tally[] = Array.from({ length: count }, () => ({ frames: 0, bytes: 0, latencies: [] }));
const timeline: Array<{ at: number; seq: number; capturedAt: number }> = [];
const closers: Array<() => void> = [];
const upgraders: BenchWebrtcViewer[] = [];
/** Link `webrtc`: Socket.IO frames are the measured ones until `upgrade`, data-channel frames after. */
let upgraded = false;
let connected = 0;

function record(i: number, seq: number, capturedAt: number, bytes: number, receivedAt?: number): void {
  const now = Date.now();
  const t = tallies[i]!;
  t.frames++;
  t.bytes += bytes;
  t.latencies.push(now - capturedAt);
  if (receivedAt !== undefined) (t.toViewer ??= []).push(now - receivedAt);
  if (i === 0) timeline.push({ at: now, seq, capturedAt });
}

async function connectViewer(i: number): Promise<void> {
  // Viewer 0 goes through the throttling proxy when a rate cap is given.
  let target = port;
  if (i === 0 && throttle > 0) {
    const proxy = await startThrottleProxy(port, throttle);
    closers.push(proxy.close);
    target = proxy.port;
  }
  if (link === 'webrtc') {
    // Loaded only here: werift adds about 0.2 s to every viewer process's start-up.
    const { connectWebrtcViewer } = await import('./lib/webrtc-viewer.js');
    const t = tallies[i]!;
    const v = connectWebrtcViewer(target, {
      onConnect: () => connected++,
      onSocketioFrame(meta, bytes) {
        if (!upgraded) record(i, meta.seq, meta.capturedAt, bytes, meta.receivedAt);
        else t.socketioFrames = (t.socketioFrames ?? 0) + 1;
      },
      onChannelFrame(meta, bytes, spanMs) {
        record(i, meta.seq, meta.capturedAt, bytes, meta.receivedAt);
        if (spanMs !== undefined) (t.chunkSpans ??= []).push(spanMs);
      },
      onIncomplete: () => void (t.incompleteFrames = (t.incompleteFrames ?? 0) + 1),
    });
    upgraders.push(v);
    closers.push(() => v.close());
    return;
  }
  const base = `http://127.0.0.1:${target}`;
  // Polling over fetch (keep-alive, as browsers poll) rather than Node's XMLHttpRequest stand-in,
  // which opens a new TCP connection per request and made the server pay for a connection per poll.
  const transports = link === 'polling' ? [Fetch] : ['websocket'];
  if (system === 'raw-ws') {
    const ws = new WebSocket(`ws://127.0.0.1:${target}/sub`);
    ws.on('open', () => connected++);
    ws.on('message', (data: Buffer) => {
      const h = unpackHeader(data);
      record(i, h.seq, h.capturedAt, data.length);
    });
    closers.push(() => ws.terminate());
    return;
  }
  // Socket.IO viewers connect straight on the asked transport, so every row compares like with like.
  // camrelay viewers take frames by their own GETs on polling, as the dashboard does (frame-fetch).
  const socket = io(system === 'camrelay' ? `${base}/monitor` : base, {
    transports,
    forceNew: true,
    ...(system === 'camrelay' ? { auth: { ...BENCH_ADMIN, fetchFrames: true } } : {}),
  });
  socket.on('connect', () => {
    connected++;
    if (system === 'camrelay') socket.emit('subscribe', { cameraIds: '*', ...(h264.length > 0 ? { h264 } : {}) });
  });
  // A camera is taken as H.264 once it is there and offers it: asked again at each camera list, as the Live Monitor does.
  if (h264.length > 0) socket.on('cameras', () => socket.emit('subscribe', { cameraIds: '*', h264 }));
  socket.on('h264', (meta: { seq: number; capturedAt: number; receivedAt?: number }, au: ArrayBuffer | Buffer, ack?: () => void) => {
    ack?.();
    record(i, meta.seq, meta.capturedAt, au.byteLength, meta.receivedAt);
  });
  socket.on('frame', (meta: { seq: number; capturedAt: number; receivedAt?: number }, jpeg: ArrayBuffer | Buffer, ack?: () => void) => {
    ack?.();
    record(i, meta.seq, meta.capturedAt, jpeg.byteLength, meta.receivedAt);
  });
  const fetcher = new FrameFetcher({ base, onFrame: (meta, jpeg) => record(i, meta.seq, meta.capturedAt, jpeg.byteLength, meta.receivedAt) });
  fetchFramesWhilePolling(socket, fetcher);
  closers.push(() => {
    fetcher.stop();
    socket.close();
  });
}

await Promise.all(tallies.map((_, i) => connectViewer(i)));

serve({
  connected: () => ({ connected }),
  reset() {
    for (const t of tallies)
      Object.assign(
        t,
        { frames: 0, bytes: 0, latencies: [] },
        system === 'camrelay' ? { toViewer: [] } : {},
        link === 'webrtc' ? { chunkSpans: [], socketioFrames: 0, incompleteFrames: 0 } : {},
      );
    timeline.length = 0;
    return {};
  },
  report: () => ({ tallies, timeline }),
  upgrade() {
    upgraded = true;
    for (const v of upgraders) v.upgrade();
    return {};
  },
  upgrades: () => ({ upgrades: upgraders.map((v) => v.times()) }),
  stats() {
    const cpu = process.cpuUsage();
    return { cpuMs: (cpu.user + cpu.system) / 1000 };
  },
  // BENCH_PROFILE: the viewer's side of the webrtc row (werift receiving) is profiled too.
  'profile-start': async () => (await startProfile(), {}),
  'profile-stop': async (m) => (await stopProfile(String(m.file)), {}),
  stop() {
    closers.forEach((c) => c());
    return {};
  },
});
process.send!({ type: 'ready' });
