/**
 * `socketio`: `/capture` for capture clients and `/monitor` for dashboards, on one Socket.IO server
 * created here. Every connection is announced on the signaling hub, so an upgrade can ride it.
 */
import type { Server as IoServer } from 'socket.io';
import type { FrameFetchAttached } from '../frame-fetch/index.js';
import type { Attached, TransportModule } from '../transport.js';
import { attachCapture } from './capture.js';
import { createIoServer } from './io-server.js';
import { attachMonitor } from './monitor.js';
import { socketioSettings, type SocketioSettings } from './settings.js';

export interface SocketioAttached extends Attached {
  /** The Socket.IO server, for cluster mode's Redis adapter and for tests. */
  io: IoServer;
}

export const socketio: TransportModule<SocketioAttached, SocketioSettings> & { settings: typeof socketioSettings } = {
  name: 'socketio',
  needs: ['frame-fetch'],
  settings: socketioSettings,
  attach(ctx) {
    const { io, capture, monitor } = createIoServer(ctx);
    const fetch = ctx.provided.get('frame-fetch') as FrameFetchAttached | undefined;
    attachCapture(ctx, capture);
    attachMonitor(ctx, monitor, fetch?.frameFetch ?? null);
    return {
      io,
      /**
       * Tells every client the server stops on purpose, then closes the engine: each connection
       * ends as a "transport close", which clients retry (disconnectSockets() would send "io
       * server disconnect", after which they give up).
       */
      async close() {
        // local: in cluster mode the Redis adapter would tell every node's clients.
        for (const nsp of [capture, monitor]) nsp.local.emit('server-shutdown', { reason: 'shutdown' });
        await new Promise<void>((resolve) => io.close(() => resolve()));
      },
    };
  },
};
