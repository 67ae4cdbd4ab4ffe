/** A real socket.io-client viewer on `/monitor` that records what it receives. */
import { io, type Socket } from 'socket.io-client';
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
  opts: { transports?: Array<'polling' | 'websocket'>; cameraIds?: string[] | '*'; auth?: { username: string; password: string } } = {},
): TestViewer {
  const socket = io(`${url}/monitor`, {
    transports: opts.transports ?? ['polling', 'websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: opts.auth ?? TEST_ADMIN,
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
    close: () => void socket.close(),
  };
  socket.on('connect', () => socket.emit('subscribe', { cameraIds: opts.cameraIds ?? '*' }));
  socket.on('cameras', (list: CameraInfo[]) => (viewer.cameras = list));
  socket.on('frame', (meta: MonitorFrameMeta, _jpeg: ArrayBuffer, ack: () => void) => {
    viewer.frames.push(meta);
    if (frozen) held.push(ack);
    else ack();
  });
  return viewer;
}
