/** A real socket.io-client viewer on `/monitor` that records what it receives. */
import { io, type Socket } from 'socket.io-client';
import { fetchFramesWhilePolling, FrameFetcher } from '../../shared/frame-fetcher.js';
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
  /** `fetchFrames`: on polling, frames answer the viewer's own GETs (frame-fetch). */
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
    freeze: () => {
      frozen = true;
      // Frames by GET: a frozen viewer stops asking (its GETs are its acks).
      if (fetcher.running) {
        fetcher.stop();
        held.push(() => fetcher.start(fetchPath));
      }
    },
    thaw: () => {
      frozen = false;
      held.splice(0).forEach((ack) => ack());
    },
    close: () => {
      fetcher.stop();
      socket.close();
    },
  };
  // Newest-wins, as the Live Monitor draws: two GETs wait at once and may complete out of order.
  const fetcher = new FrameFetcher({
    base: url,
    onFrame: (meta) => {
      const last = viewer.frames.findLast((f) => f.cameraId === meta.cameraId);
      if (!last || meta.seq > last.seq || meta.epoch > last.epoch) viewer.frames.push(meta);
    },
  });
  socket.on('connect', () => socket.emit('subscribe', { cameraIds: opts.cameraIds ?? '*' }));
  socket.on('cameras', (list: CameraInfo[]) => (viewer.cameras = list));
  socket.on('frame', (meta: MonitorFrameMeta, _jpeg: ArrayBuffer, ack: () => void) => {
    viewer.frames.push(meta);
    if (frozen) held.push(ack);
    else ack();
  });
  let fetchPath = '';
  socket.on('frame-fetch', (path: string) => (fetchPath = path));
  fetchFramesWhilePolling(socket, fetcher);
  return viewer;
}
