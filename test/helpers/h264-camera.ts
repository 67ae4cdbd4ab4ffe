/**
 * A capture connection that offers H.264 and sends real libx264 units at 15 fps while the relay's demand
 * asks for them, with a JPEG per tick as any camera: the stand-in camera side of the live H.264 tests.
 */
import { io, type Socket } from 'socket.io-client';
import { h264AccessUnits } from './h264.js';
import { makeJpeg } from './jpeg.js';

export interface H264Camera {
  socket: Socket;
  /** True while the relay's demand asks this camera for H.264. */
  readonly wanted: boolean;
  /** When each `keyframe` request came. */
  readonly keyframeAsks: number[];
  stop(): void;
}

/** Pictures that come late, as from a camera on busy Wi-Fi or a loaded PC: every `every`th unit `ms` late, those behind it in a burst. */
export interface LateUnits {
  every: number;
  ms: number;
}

/**
 * `gop`: a keyframe every this many units (10: 0.67 s, so joins and skips happen within a test). `late`: units held
 * back now and then and stamped when sent, as a capture side stamps what it gets late (#55 item 12).
 */
export async function startH264Camera(
  url: string,
  token: string,
  cameraId: string,
  gop = 10,
  width = 320,
  height = 180,
  late?: LateUnits,
): Promise<H264Camera> {
  const units = await h264AccessUnits(300, width, height, gop);
  const jpeg = await makeJpeg(width, height);
  const socket = io(`${url}/capture`, { auth: { token, cameraId, offers: ['h264'] }, transports: ['websocket'], forceNew: true });
  let wanted = false;
  const keyframeAsks: number[] = [];
  socket.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
  socket.on('keyframe', () => keyframeAsks.push(Date.now()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let seq = 0;
  let h264Seq = 0;
  /** Units due while a late one is held back, and when they go. */
  let behind = 0;
  let heldUntil = 0;
  const send = (at: number) => {
    const u = units[h264Seq % units.length]!;
    h264Seq++;
    socket.emit('h264', { seq: h264Seq, capturedAt: at, keyframe: u.keyframe, width, height }, u.au, () => {});
  };
  const timer = setInterval(() => {
    seq++;
    socket.emit('frame', { seq, capturedAt: Date.now(), width, height }, jpeg, () => {});
    if (!wanted) return;
    if (late && behind === 0 && (h264Seq + 1) % late.every === 0) heldUntil = Date.now() + late.ms;
    behind++;
    if (Date.now() < heldUntil) return;
    // A burst stamped 2 ms apart, as pictures read one after another.
    const now = Date.now();
    for (let i = 0; behind > 0; behind--, i++) send(now + i * 2);
  }, 66);
  return {
    socket,
    get wanted() {
      return wanted;
    },
    keyframeAsks,
    stop: () => {
      clearInterval(timer);
      socket.close();
    },
  };
}
