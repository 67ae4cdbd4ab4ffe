/** A real socket.io-client viewer on `/monitor` that records what it receives. */
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { Relay } from '../../server/relay/relay.js';
import { fetchFramesWhilePolling, FrameFetcher } from '../../dashboard/src/receivers/socketio/frame-fetcher.js';
import type { CameraInfo, MonitorFrameMeta } from '../../shared/protocol.js';
import { TEST_ADMIN } from './server.js';
import { waitFor } from './wait.js';

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

/**
 * Freezes `frozen` while a camera streams: the healthy viewer keeps getting frames, the server holds
 * at most two frames for the frozen one, and after thawing it reaches the frame that was newest.
 * `late`: frames the frozen viewer may still get after freezing (already on their way).
 */
export async function expectFrozenViewerHeldBack(
  server: { relay: Relay },
  healthy: TestViewer,
  frozen: TestViewer,
  produced: () => number,
  late = 2,
): Promise<void> {
  await waitFor(() => frozen.frames.length > 0 && healthy.frames.length > 0, 'first frames at both viewers');
  frozen.freeze();
  const frozenAt = frozen.frames.length;
  const start = healthy.frames.length;
  await waitFor(() => healthy.frames.length >= start + 40, 'forty more frames at the healthy viewer');
  expect(frozen.frames.length).toBeLessThanOrEqual(frozenAt + late);
  const load = server.relay.viewerLoad();
  expect(load).toHaveLength(2);
  expect(Math.max(...load.map((l) => l.held))).toBeLessThanOrEqual(2);
  frozen.thaw();
  const newest = produced() - 1;
  await waitFor(() => Math.max(...frozen.frames.map((f) => f.seq)) >= newest, 'the thawed viewer at the newest frame');
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
  // Every arrival, as it comes: two GETs wait at once, so answers may complete out of order.
  const fetcher = new FrameFetcher({ base: url, onFrame: (meta) => viewer.frames.push(meta) });
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
