/**
 * Publishes the fixture frames to a system under test: N cameras at F fps, stamped at send time.
 * Flags after the fps: `any-link` (a shaped link: take whatever link comes), `camera-side` (camrelay's
 * cameras honour the relay's demand with prepared H.264 and rungs, lib/camera-side.ts; #28), `h264-rungs` (with
 * `camera-side`: H.264 at rung widths too, #30).
 */
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { CaptureClient } from '../capture-client/capture-client.js';
import { CameraSide, cameraSideOffers, type CameraSideCounts } from './lib/camera-side.js';
import { loadFixtures } from './lib/fixtures.js';
import { packFrame } from './lib/frame-header.js';
import { serve } from './lib/proc.js';
import { BENCH_TOKEN } from './systems/credentials.js';
import type { SystemName } from './systems/system.js';

/** Sends one frame; returns the seq viewers will see for it. */
type Publish = (camera: number, seq: number, jpeg: Buffer) => number;

interface Publisher {
  publish: Publish;
  close(): void;
  /** The camera-side cameras' counts, when `camera-side`. */
  counts?: () => CameraSideCounts[];
}

async function connectPublisher(system: SystemName, port: number, cameras: number, fps: number, flags: string[]): Promise<Publisher> {
  const anyLink = flags.includes('any-link');
  const cameraSide = flags.includes('camera-side');
  const url = `http://127.0.0.1:${port}`;
  if (system === 'raw-ws') {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/pub`);
    await new Promise((resolve) => ws.once('open', resolve));
    return { publish: (c, seq, jpeg) => (ws.send(packFrame(c, seq, Date.now(), jpeg)), seq), close: () => ws.close() };
  }
  if (system === 'naive-socketio' || system === 'naive-socketio-ack') {
    const socket: Socket = io(url, { forceNew: true });
    await new Promise((resolve) => socket.once('connect', () => resolve(null)));
    const meta = (c: number, seq: number) => ({ cameraId: `cam${c}`, seq, capturedAt: Date.now() });
    // With acks, each frame asks its answer as a capture client's does (the answer only counted as heard).
    const emit =
      system === 'naive-socketio'
        ? (c: number, seq: number, jpeg: Buffer) => socket.emit('frame', meta(c, seq), jpeg)
        : (c: number, seq: number, jpeg: Buffer) => socket.emit('frame', meta(c, seq), jpeg, () => {});
    return { publish: (c, seq, jpeg) => (emit(c, seq, jpeg), seq), close: () => socket.close() };
  }
  const clients = Array.from(
    { length: cameras },
    (_, c) =>
      new CaptureClient({
        server: url,
        token: BENCH_TOKEN,
        cameraId: `cam${c}`,
        transport: 'socketio',
        fps,
        ackTimeoutMs: 5000,
        syncClock: false,
        ...(cameraSide ? { offers: cameraSideOffers(flags.includes('h264-rungs')) } : {}),
      }),
  );
  const sides = cameraSide ? await Promise.all(clients.map((cl) => CameraSide.attach(cl, fps))) : null;
  await Promise.all(
    clients.map(
      (cl) =>
        new Promise<void>((resolve) => {
          // On a shaped link (`anyLink`) the upgrade may take long or never come: any link will do.
          const t = setInterval(() => (anyLink ? cl.activeSender()?.link() : cl.activeSender()?.link() === 'websocket') && (clearInterval(t), resolve()), 20);
        }),
    ),
  );
  if (sides)
    return {
      publish: (c, seq, jpeg) => (sides[c]!.frame(seq, jpeg, Date.now()), clients[c]!.stats.produced - 1),
      close: () => clients.forEach((cl) => cl.close()),
      counts: () => sides.map((s) => s.counts),
    };
  return {
    publish: (c, _seq, jpeg) => (clients[c]!.push({ jpeg, capturedAt: Date.now() }), clients[c]!.stats.produced - 1),
    close: () => clients.forEach((cl) => cl.close()),
  };
}

const [system, port, cameras, fps] = [process.argv[2] as SystemName, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const frames = await loadFixtures();
const publisher = await connectPublisher(system, port, cameras, fps, process.argv.slice(6));
const counts = new Array<number>(cameras).fill(0);
/** The seq of the newest frame published per camera. */
const seqs = new Array<number>(cameras).fill(-1);
const timers: NodeJS.Timeout[] = [];

serve({
  start() {
    for (let c = 0; c < cameras; c++) {
      timers.push(
        setInterval(() => {
          const n = counts[c]!++;
          seqs[c] = publisher.publish(c, n, frames[n % frames.length]!);
        }, 1000 / fps),
      );
    }
    return {};
  },
  seq: () => ({ seqs }),
  stop() {
    timers.forEach(clearInterval);
    const sideCounts = publisher.counts?.();
    publisher.close();
    return { seqs, ...(sideCounts ? { cameraSide: sideCounts } : {}) };
  },
});
process.send!({ type: 'ready' });
