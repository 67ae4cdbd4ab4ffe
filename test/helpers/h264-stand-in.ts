/**
 * A capture client stand-in for live H.264 tests (#30): full-size JPEGs at a steady rate and, while the relay's demand
 * asks, real libx264 units of the full-size stream (`h264`) and of each demanded rung width (`h264-rung`), each stream
 * with its own rising seq and looping from its IDR; a `keyframe` request sends the stream asked back to its IDR at
 * once, as a camera side that honours it would.
 */
import { io, type Socket } from 'socket.io-client';
import type { CaptureDemand, CaptureOffer } from '../../shared/demand.js';
import { ffmpegOutput, splitAccessUnits, type AccessUnit } from './h264.js';
import type { TestServer } from './server.js';

/**
 * `frames` access units of ffmpeg's test pattern under fresh noise each frame (so each costs about what the rate
 * says, as a real scene would), `width` wide in 16:9 at 10 fps, a keyframe every `gop`, at `kbps`.
 */
export async function noisyAccessUnits(frames: number, width: number, gop: number, kbps: number): Promise<AccessUnit[]> {
  const size = `${width}x${(width * 9) / 16}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=10`, '-vf', 'noise=alls=30:allf=t'];
  args.push('-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(gop), '-keyint_min', String(gop));
  args.push('-sc_threshold', '0', '-bf', '0', '-pix_fmt', 'yuv420p', '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps / 2}k`);
  args.push('-x264-params', 'repeat-headers=1', '-f', 'h264', '-');
  const out = await ffmpegOutput(args);
  return splitAccessUnits(out);
}

/** Bytes per second of `units` played at `fps`. */
export function rateOf(units: AccessUnit[], fps: number): number {
  return (units.reduce((n, u) => n + u.au.length, 0) / units.length) * fps;
}

export interface StandIn {
  socket: Socket;
  /** The relay's newest demand. */
  demand: CaptureDemand | null;
  /** Keyframe requests heard: undefined for the full-size stream, else the rung. */
  keyframeAsks: Array<number | undefined>;
  /** Starts sending (at once unless `held`). */
  start(): void;
  close(): void;
}

export interface StandInOptions {
  cameraId: string;
  offers: CaptureOffer[];
  jpeg: Buffer;
  /** The full-size units (1280×720) and, by width, each rung's. */
  full: AccessUnit[];
  rungs: Map<number, AccessUnit[]>;
  fps: number;
  /** Connected but sending nothing until `start()`: a camera listed before its first frame. */
  held?: boolean;
}

/** Connects as `cameraId` and sends until closed. */
export async function standIn(server: TestServer, o: StandInOptions): Promise<StandIn> {
  const socket = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId: o.cameraId, offers: o.offers },
    transports: ['websocket'],
    forceNew: true,
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  const cam: StandIn = { socket, demand: null, keyframeAsks: [], start: () => {}, close: () => {} };
  /** Per stream (null: full size): the next seq, and the next unit of its loop. */
  const streams = new Map<number | null, { seq: number; next: number }>();
  const stream = (rung: number | null) => streams.get(rung) ?? streams.set(rung, { seq: 0, next: 0 }).get(rung)!;
  socket.on('demand', (d: CaptureDemand) => (cam.demand = d));
  socket.on('keyframe', (req?: { rung?: number }) => {
    cam.keyframeAsks.push(req?.rung);
    stream(req?.rung ?? null).next = 0;
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let seq = 0;
  const send = (rung: number | null, units: AccessUnit[]) => {
    const s = stream(rung);
    const u = units[s.next % units.length]!;
    s.next++;
    const width = rung ?? 1280;
    const meta = { seq: ++s.seq, capturedAt: Date.now(), keyframe: u.keyframe, width, height: (width * 9) / 16 };
    if (rung === null) socket.emit('h264', meta, u.au, () => {});
    else socket.emit('h264-rung', { ...meta, rung }, u.au, () => {});
  };
  const tick = () => {
    socket.emit('frame', { seq: ++seq, capturedAt: Date.now(), width: 1280, height: 720 }, o.jpeg, () => {});
    if (cam.demand?.h264) send(null, o.full);
    for (const w of cam.demand?.h264Widths ?? []) {
      const units = o.rungs.get(w);
      if (units) send(w, units);
    }
  };
  cam.start = () => void (timer ??= setInterval(tick, 1000 / o.fps));
  cam.close = () => {
    clearInterval(timer);
    socket.close();
  };
  if (!o.held) cam.start();
  return cam;
}
