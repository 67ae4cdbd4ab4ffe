/** A real socket.io-client viewer on `/monitor` that records what it receives. */
import { io, type Socket } from 'socket.io-client';
import { FrameFetcher } from '../../shared/frame-fetcher.js';
import type { CameraInfo, MonitorFrameMeta } from '../../shared/protocol.js';
import { TEST_ADMIN } from './server.js';

export interface TestViewer {
  socket: Socket;
  frames: MonitorFrameMeta[];
  cameras: CameraInfo[];
  /** While frozen the viewer keeps frames un-acked, like a stalled browser. */
  freeze(): void;
  /** Acks everything held, then acks as frames come. */
  thaw(): void;
  close(): void;
}

export function connectViewer(
  url: string,
  /** `fetchFrames`: on polling, frames come by reference and are fetched by GET (frame-ref). */
  opts: { transports?: Array<'polling' | 'websocket'>; cameraIds?: string[] | '*'; auth?: { username: string; password: string }; fetchFrames?: boolean } = {},
): TestViewer {
  const socket = io(`${url}/monitor`, {
    transports: opts.transports ?? ['polling', 'websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: { ...(opts.auth ?? TEST_ADMIN), ...(opts.fetchFrames ? { fetchFrames: true } : {}) },
  });
  const held: Array<() => void> = [];
  let frozen = false;
  const viewer: TestViewer = {
    socket,
    frames: [],
    cameras: [],
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      held.splice(0).forEach((ack) => ack());
    },
    close: () => {
      fetcher.close();
      socket.close();
    },
  };
  const fetcher = new FrameFetcher({ base: url, onFrame: (meta) => viewer.frames.push(meta) });
  socket.on('connect', () => socket.emit('subscribe', { cameraIds: opts.cameraIds ?? '*' }));
  socket.on('cameras', (list: CameraInfo[]) => (viewer.cameras = list));
  socket.on('frame', (meta: MonitorFrameMeta, _jpeg: ArrayBuffer, ack: () => void) => {
    viewer.frames.push(meta);
    if (frozen) held.push(ack);
    else ack();
  });
  // By reference the GET is the ack: a frozen viewer holds the reference instead of fetching it.
  socket.on('frame-ref', (meta: MonitorFrameMeta, path: string) => {
    if (frozen) held.push(() => fetcher.ref(meta, path));
    else fetcher.ref(meta, path);
  });
  return viewer;
}
