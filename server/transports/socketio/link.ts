/** The engine.io transport a socket uses right now, as a Link, and a hook for when it changes. */
import type { Socket } from 'socket.io';
import type { Link } from '../../../shared/protocol.js';

export function linkOf(socket: Socket): Link {
  return socket.conn.transport.name === 'websocket' ? 'websocket' : 'polling';
}

export function onLinkChange(socket: Socket, listener: (link: Link) => void): void {
  socket.conn.on('upgrade', () => listener(linkOf(socket)));
}
