/** A Socket.IO socket as a SignalingPeer: the webrtc upgrade's messages ride the live connection. */
import type { Socket } from 'socket.io';
import type { WebrtcServerEvents } from '../../../shared/webrtc/protocol.js';
import type { SignalingPeer } from '../../modules/signaling.js';
import type { ModuleContext } from '../../modules/module.js';

export function signalingPeer(socket: Socket, ctx: Pick<ModuleContext, 'clientIp'>): SignalingPeer {
  return {
    id: socket.id,
    address: ctx.clientIp(socket.handshake.headers, socket.handshake.address),
    get open() {
      return socket.connected;
    },
    on: (event, listener) => void socket.on(event, listener),
    emit: <E extends keyof WebrtcServerEvents>(event: E, ...args: Parameters<WebrtcServerEvents[E]>) => void socket.emit(event, ...args),
    onClose: (listener) => void socket.on('disconnect', listener),
  };
}
