/**
 * `socketio`: `/capture` for capture clients and `/monitor` for dashboards, on one Socket.IO server
 * created here. Every connection is announced on the signaling hub, so an upgrade can ride it.
 */
import type { Server as IoServer } from 'socket.io';
import type { Attached, Module } from '../../modules/module.js';
import { attachCapture } from './capture.js';
import { createIoServer, type MonitorNamespace } from './io-server.js';
import { attachMonitor } from './monitor.js';
import { PtzCluster } from './ptz-cluster.js';
import { PTZ_ANSWER_MS, PtzRelay } from './ptz.js';
import { TalkRelay } from './talk.js';
import { TalkCluster } from './talk-cluster.js';
import { socketioSettings, type SocketioSettings } from './settings.js';

export interface SocketioAttached extends Attached {
  /** The Socket.IO server, for cluster mode's Redis adapter and for tests. */
  io: IoServer;
  /** `/monitor`, whose page sockets sit in a room per camera they may view (camera-rooms.ts): news of a camera goes to its room. */
  monitor: MonitorNamespace;
}

declare module '../../modules/module.js' {
  interface Provided {
    socketio: SocketioAttached;
  }
}

export const socketio: Module<'socketio', SocketioSettings> & { settings: typeof socketioSettings } = {
  name: 'socketio',
  needs: ['signaling', 'frame-fetch'],
  settings: socketioSettings,
  attach(ctx) {
    const { io, capture, monitor } = createIoServer(ctx);
    const fetch = ctx.provided.get('frame-fetch');
    // The cluster module sets readiness.cluster after this attaches: read at each question, not now.
    const reachable = () => ctx.readiness.cluster?.() === 'ok';
    // Over the holder's 6 s wait for its capture side (Redis both ways), under the dashboard's 8 s (ptz-send.ts).
    const cluster = new PtzCluster(capture, ctx.log, { reachable, answerMs: PTZ_ANSWER_MS + 1500 });
    const ptz = new PtzRelay(ctx.relay, ctx.log, { cluster, refusals: ctx.refusals });
    const talk = new TalkRelay(ctx.log);
    const talkCluster = new TalkCluster(capture, ctx.log, reachable);
    talkCluster.serve(talk);
    talk.reachOthers(talkCluster);
    attachCapture(ctx, capture, ptz, talk);
    attachMonitor(ctx, monitor, fetch?.frameFetch ?? null, ptz, talk);
    return {
      io,
      monitor,
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
