/** How `/monitor` hands one frame or H.264 unit to one Socket.IO viewer (one sink for both kinds); the viewer's ack releases the next. */
import type { Socket } from 'socket.io';
import type { FrameSink } from '../../relay/frame.js';
import type { FetchOwner } from '../frame-fetch/frame-fetch.js';
import { eventPacket } from './ws-frame-packet.js';

/**
 * The parts of Socket.IO and Engine.IO the WebSocket fast path relies on. They are internal (the
 * namespace's ack counter, the socket's ack table, the transport's ws sender), so each is checked
 * before use and the plain `emit` is used whenever one is missing; a test pins them.
 */
interface Internals {
  nsp: { name: string; _ids?: number };
  acks?: Map<number, () => void>;
  conn: {
    readyState: string;
    write(data: string, options: { compress: boolean; wsPreEncodedFrame: Buffer[] }): void;
    transport: { name: string; supportsBinary?: boolean; perMessageDeflate?: unknown; socket?: { _sender?: { sendFrame?: unknown } } };
  };
}

/** True when Engine.IO will write a pre-encoded frame to this socket's WebSocket as it is. */
function canSendPreEncoded(s: Partial<Internals>): boolean {
  const t = s.conn?.transport;
  return (
    s.conn?.readyState === 'open' &&
    t?.name === 'websocket' &&
    t.supportsBinary !== false &&
    !t.perMessageDeflate &&
    typeof t.socket?._sender?.sendFrame === 'function' &&
    typeof s.nsp?._ids === 'number' &&
    s.acks instanceof Map
  );
}

/**
 * `socket.compress(false).emit(event, meta, payload, done)` for a frame, an H.264 unit or an AAC frame (none gzips): on a
 * WebSocket that takes a pre-encoded frame, without encoding the metadata per viewer or the second write
 * (ws-frame-packet.ts), ack ids from the namespace's own counter; elsewhere Socket.IO's plain emit.
 */
export function emitMedia(socket: Socket, event: 'frame' | 'h264' | 'aac', meta: object, payload: Uint8Array, done: () => void): void {
  const s = socket as unknown as Internals;
  if (!canSendPreEncoded(s)) {
    socket.compress(false).emit(event, meta, payload, done);
    return;
  }
  const id = s.nsp._ids!++;
  s.acks!.set(id, done);
  s.conn.write('', { compress: false, wsPreEncodedFrame: eventPacket(s.nsp.name, id, event, meta, payload) });
}

/** `fetch`: the viewer takes frames by its own GET while on long-polling (frame-fetch.ts). */
export function socketSink(socket: Socket, fetch: FetchOwner | null): FrameSink {
  const s = socket as unknown as Internals;
  const sink: FrameSink = {
    write(frame, done) {
      if (fetch && s.conn.transport.name === 'polling') return fetch.push(frame, done);
      emitMedia(socket, 'frame', frame.meta, frame.jpeg, done);
    },
    unit(unit, done) {
      // On long-polling, binary inside Socket.IO's polls is base64: a GET of its own carries the unit as it is.
      if (fetch && s.conn.transport.name === 'polling') return fetch.pushUnit(unit, done);
      emitMedia(socket, 'h264', unit.meta, unit.au, done);
    },
  };
  // After the upgrade the viewer stops polling for frames: what no GET took goes over the WebSocket.
  if (fetch) socket.conn.once('upgrade', () => fetch.takeQueued().forEach((q) => sink.write(q.frame, q.done)));
  return sink;
}
