/**
 * K viewers of one system in one process, each recording what it receives: frames, bytes,
 * latency (receipt − capture stamp) and, for viewer 0, a timeline (for the frozen-viewer check).
 */
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { unpackHeader } from './lib/frame-header.js';
import { serve } from './lib/proc.js';
import { startThrottleProxy } from './lib/throttle-proxy.js';
import { BENCH_ADMIN } from './systems/credentials.js';
import type { SystemName } from './systems/system.js';

interface Tally {
  frames: number;
  bytes: number;
  latencies: number[];
}

const [system, port, count, link, throttle] = [process.argv[2] as SystemName, Number(process.argv[3]), Number(process.argv[4]), process.argv[5] as 'websocket' | 'polling', Number(process.argv[6] ?? 0)];
const tallies: Tally[] = Array.from({ length: count }, () => ({ frames: 0, bytes: 0, latencies: [] }));
const timeline: Array<{ at: number; seq: number; capturedAt: number }> = [];
const closers: Array<() => void> = [];
let connected = 0;

function record(i: number, seq: number, capturedAt: number, bytes: number): void {
  const now = Date.now();
  const t = tallies[i]!;
  t.frames++;
  t.bytes += bytes;
  t.latencies.push(now - capturedAt);
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
  const base = `http://127.0.0.1:${target}`;
  const transports = link === 'polling' ? ['polling'] : ['websocket'];
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
  const socket = io(system === 'camrelay' ? `${base}/monitor` : base, { transports, forceNew: true, ...(system === 'camrelay' ? { auth: BENCH_ADMIN } : {}) });
  socket.on('connect', () => {
    connected++;
    if (system === 'camrelay') socket.emit('subscribe', { cameraIds: '*' });
  });
  socket.on('frame', (meta: { seq: number; capturedAt: number }, jpeg: ArrayBuffer | Buffer, ack?: () => void) => {
    ack?.();
    record(i, meta.seq, meta.capturedAt, jpeg.byteLength);
  });
  closers.push(() => socket.close());
}

await Promise.all(tallies.map((_, i) => connectViewer(i)));

serve({
  connected: () => ({ connected }),
  reset() {
    for (const t of tallies) Object.assign(t, { frames: 0, bytes: 0, latencies: [] });
    timeline.length = 0;
    return {};
  },
  report: () => ({ tallies, timeline }),
  stop() {
    closers.forEach((c) => c());
    return {};
  },
});
process.send!({ type: 'ready' });
