/**
 * `socketio`: frames on the page's own `/monitor` connection, as acked `frame` events, or, while its
 * link is polling, as answers to GETs of their own (frame-fetcher.ts).
 */
import type { Link } from '../../../../shared/protocol.js';
import type { ReceiverModule } from '../receiver.js';
import { fetchFramesWhilePolling, FrameFetcher } from './frame-fetcher.js';
import { TransportProbe } from './transport-probe.js';

export const socketio: ReceiverModule = {
  name: 'socketio',
  links: ['polling', 'websocket'],
  probes: [
    {
      name: 'polling',
      label: 'HTTP long-polling',
      help: 'Plain HTTP requests: gets through almost any proxy, at some cost in latency.',
      create: (deps) => new TransportProbe('polling', deps),
    },
    {
      name: 'websocket',
      label: 'WebSocket',
      help: 'One long-lived connection: the fast path, but some proxies and firewalls block it.',
      create: (deps) => new TransportProbe('websocket', deps),
    },
  ],
  start({ socket, connection, base, feed }) {
    socket.on('frame', (meta, jpeg, ack) => {
      // The ack is the server's flow control (one frame in flight per camera): send it before any work.
      if (typeof ack === 'function') ack();
      if (typeof meta?.cameraId !== 'string') return;
      feed.frame(meta, jpeg);
    });
    // Live H.264 (#30) on the same connection, acked the same way: the relay's window per camera.
    socket.on('h264', (meta, au, ack) => {
      if (typeof ack === 'function') ack();
      if (typeof meta?.cameraId !== 'string' || !(au instanceof ArrayBuffer || au instanceof Uint8Array)) return;
      feed.h264?.(meta, au instanceof Uint8Array ? au : new Uint8Array(au));
    });
    // The relay says why it sends a camera smaller than the tile asked (its link), for the tile's figures.
    socket.on('rendition', (n) => feed.stepped?.(n.cameraId, n.steps > 0 ? `Sent smaller than this tile asks: ${n.reason}.` : ''));
    // On long-polling, frames answer GETs of their own (binary, no base64 inside the polls).
    fetchFramesWhilePolling(socket, new FrameFetcher({ base, onFrame: (meta, jpeg) => feed.frame(meta, jpeg), onH264: (meta, au) => feed.h264?.(meta, au) }));
    return {
      // The engine's transport (connectMonitor allows `polling` and `websocket`), kept while the
      // connection is down: the header dims it rather than pretend it carries frames.
      get link() {
        return connection.state.transport as Link | null;
      },
    };
  },
};
