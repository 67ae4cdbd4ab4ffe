/** `webrtc`: the optional upgrade, signaled over both Socket.IO namespaces (see docs/webrtc.md). */
import type { Socket } from 'socket.io';
import { CAPTURE_NAMESPACE, MONITOR_NAMESPACE } from '../../../shared/protocol.js';
import type { TransportModule } from '../context.js';
import { captureLeg } from './capture-leg.js';
import { describeIceServers } from './ice-servers.js';
import { monitorLeg } from './monitor-leg.js';
import { attachSignaling, WebrtcHub } from './signaling.js';

export const webrtc: TransportModule = {
  name: 'webrtc',
  attach(ctx) {
    const log = ctx.log.child({ module: 'camrelay:webrtc' });
    const hub = new WebrtcHub(ctx.config, log);
    ctx.webrtc = hub;
    if (ctx.config.webrtc !== 'off') log.info({ mode: ctx.config.webrtc, iceServers: describeIceServers(ctx.config.iceServers) }, 'webrtc upgrade available');
    // Registered after the socketio module's handlers, so the viewer (leg 1) already exists.
    const address = (socket: Socket) => ctx.clientIp(socket.handshake.headers, socket.handshake.address);
    ctx.io.of(MONITOR_NAMESPACE).on('connection', (socket) => attachSignaling(socket, hub, monitorLeg(socket, hub, ctx.relay), address(socket)));
    ctx.io.of(CAPTURE_NAMESPACE).on('connection', (socket) => attachSignaling(socket, hub, captureLeg(socket, hub, ctx.relay), address(socket)));
  },
};
