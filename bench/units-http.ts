/**
 * The relay's CPU per H.264 unit taken from the uplink (#38 item 3), by the way it came: one acked Socket.IO event
 * per unit, Socket.IO `units` batches, and HTTP POST batches (the fallback, by the real HttpSender). `--cameras`
 * cameras each send the bench's 720p15 fixture at 15 units a second, batched as a recording-only camera is (up to
 * UNITS_HOLD_MS of units per batch), for `--seconds`; the relay runs in its own process (server-proc.ts) and its
 * process.cpuUsage() over the window, less an idle relay's over the same window, divided by the units it acked, is the figure. Prints JSON and a table row.
 * Run: npx tsx bench/units-http.ts [--cameras 8] [--seconds 10]
 */
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { HttpSender } from '../common/capture/senders/http.js';
import { UNITS_HOLD_MS, packUnits, type UnitsAck, type UnitToSend } from '../shared/units.js';
import type { FrameAck } from '../shared/protocol.js';
import { h264Fixture } from './lib/h264-fixture.js';
import { spawnProc } from './lib/proc.js';
import { BENCH_TOKEN } from './systems/credentials.js';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '8' }, seconds: { type: 'string', default: '10' } } });
const [cameras, seconds] = [Number(values.cameras), Number(values.seconds)];
const FPS = 15;
const aus = await h264Fixture(FPS);
/** `idle`: the relay with no camera over the same window, subtracted from the others (its timers, the bench's asks). */
type Way = 'idle' | 'socketio-event' | 'socketio-units' | 'http-units';

/** One camera's way up: `send` takes the units made since the last call and resolves with how many were acked. */
type Uplink = { send(units: UnitToSend[]): Promise<number>; close(): void };

async function socketUplink(port: number, cameraId: string, batched: boolean): Promise<Uplink> {
  const socket: Socket = io(`http://127.0.0.1:${port}/capture`, {
    auth: { token: BENCH_TOKEN, cameraId, offers: ['h264'], session: cameraId },
    transports: ['websocket'],
    forceNew: true,
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const okCount = (acks: FrameAck[]) => acks.filter((a) => a.ok).length;
  return {
    async send(units) {
      if (batched) {
        const { head, payload } = packUnits(units);
        const reply = (await socket.emitWithAck('units', head, payload)) as UnitsAck;
        return reply.ok ? okCount(reply.acks) : 0;
      }
      return okCount(await Promise.all(units.map((u) => socket.emitWithAck('h264', u.meta, u.data) as Promise<FrameAck>)));
    },
    close: () => socket.close(),
  };
}

function httpUplink(port: number, cameraId: string): Uplink {
  const sender = new HttpSender({
    server: `http://127.0.0.1:${port}`,
    cameraId,
    token: BENCH_TOKEN,
    ackTimeoutMs: 10_000,
    offers: ['h264'],
    session: cameraId,
  });
  return {
    async send(units) {
      const reply = await sender.sendUnits(units);
      return reply.ok && 'acks' in reply ? reply.acks.filter((a) => a.ok).length : 0;
    },
    close: () => sender.close(),
  };
}

async function measure(way: Way): Promise<{ way: Way; units: number; acked: number; relayCpuMs: number }> {
  const relay = spawnProc('server-proc.ts', []);
  const { port } = await relay.ask<{ port: number }>('start', { system: 'camrelay' });
  const ids = way === 'idle' ? [] : Array.from({ length: cameras }, (_, i) => `${way}-${i}`);
  const uplinks = await Promise.all(ids.map((id) => (way === 'http-units' ? httpUplink(port, id) : socketUplink(port, id, way === 'socketio-units'))));
  const cpu = async () => (await relay.ask<{ cpuMs: number }>('stats')).cpuMs;
  const before = await cpu();
  let [units, acked, seq] = [0, 0, 0];
  const pending: Array<Promise<void>> = [];
  const started = Date.now();
  // Each hold, every camera sends what it made in it: UNITS_HOLD_MS of units at FPS.
  const perBatch = Math.round((FPS * UNITS_HOLD_MS) / 1000);
  while (Date.now() - started < seconds * 1000) {
    const tick = Date.now();
    for (const uplink of uplinks) {
      const batch: UnitToSend[] = [];
      for (let i = 0; i < perBatch; i++) {
        const au = aus[(seq + i) % aus.length]!;
        batch.push({ kind: 'h264', meta: { seq: seq + i, capturedAt: Date.now(), keyframe: au.keyframe, width: 1280, height: 720 }, data: au.data });
      }
      units += batch.length;
      if (way === 'idle') continue;
      pending.push(uplink.send(batch).then((n) => void (acked += n)));
    }
    seq += perBatch;
    await new Promise((r) => setTimeout(r, Math.max(0, UNITS_HOLD_MS - (Date.now() - tick))));
  }
  await Promise.all(pending);
  const relayCpuMs = (await cpu()) - before;
  for (const u of uplinks) u.close();
  await relay.ask('stop').catch(() => undefined);
  await relay.kill();
  return { way, units, acked, relayCpuMs: Math.round(relayCpuMs) };
}

const measured = [];
for (const way of ['idle', 'socketio-event', 'socketio-units', 'http-units'] as const) measured.push(await measure(way));
const idleMs = measured[0]!.relayCpuMs;
const results = measured.slice(1).map((r) => ({ ...r, relayUsPerUnit: Math.round(((r.relayCpuMs - idleMs) * 1000) / Math.max(1, r.acked)) }));
console.log(JSON.stringify({ cameras, seconds, fps: FPS, idleCpuMs: idleMs, results }, null, 2));
const of = (w: Way) => results.find((r) => r.way === w)!.relayUsPerUnit;
console.log(
  `| uplink: relay CPU per unit, ${cameras} cameras 720p${FPS}, batches of ${UNITS_HOLD_MS} ms | HTTP POST batches ≤ Socket.IO per-unit events | ` +
    `Socket.IO events ${of('socketio-event')} µs, Socket.IO batches ${of('socketio-units')} µs, HTTP POST batches ${of('http-units')} µs per unit |`,
);
