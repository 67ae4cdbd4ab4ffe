/**
 * The Socket.IO server: its limits, the pre-auth handshake guard and the origin check, on the
 * relay's HTTP server. Nothing is served on the main namespace.
 */
import { Server as IoServer, type Namespace } from 'socket.io';
import { CamrelayError } from '../../../shared/errors.js';
import {
  CAPTURE_NAMESPACE,
  MESSAGE_MAX_CHARS,
  MONITOR_NAMESPACE,
  type CaptureClientEvents,
  type CaptureServerEvents,
  type MonitorClientEvents,
  type MonitorServerEvents,
} from '../../../shared/protocol.js';
import type { ModuleContext } from '../../modules/module.js';
import { largestPayloadBytes } from '../../relay/unit-kinds.js';
import type { SocketioSettings } from './settings.js';
import { HandshakeGuard, type EngineConn } from './handshake-guard.js';
import { handshakeError } from './handshake-error.js';
import { createParser } from './parser.js';

/** `/capture` with the capture event maps: what a handler may emit is checked, what arrives is not trusted. */
export type CaptureNamespace = Namespace<CaptureClientEvents, CaptureServerEvents>;
export type MonitorNamespace = Namespace<MonitorClientEvents, MonitorServerEvents>;

export interface IoParts {
  io: IoServer;
  capture: CaptureNamespace;
  monitor: MonitorNamespace;
}

export function createIoServer(ctx: ModuleContext<SocketioSettings>): IoParts {
  const { config } = ctx;
  // On polling, binary travels as base64 (+33%): leave room for a full batch or the largest unit of any kind (unit-kinds.ts), plus framing.
  const maxHttpBufferSize = Math.ceil((largestPayloadBytes(config) * 4) / 3) + 64 * 1024;
  // Room for a subscribe naming every camera the relay may take (ids up to 64 characters, three lists).
  const maxMessageChars = Math.max(MESSAGE_MAX_CHARS, config.maxCameras * 256);
  const handshakes = new HandshakeGuard({
    fullMessageBytes: maxHttpBufferSize,
    clientIp: (req) => ctx.clientIp(req.headers, req.socket.remoteAddress ?? ''),
    onRefuse: (address, error) => ctx.refusals.refused(address, error.code, 'socket.io connection refused', { message: error.message }),
  });
  const io = new IoServer(ctx.http, {
    maxHttpBufferSize,
    parser: createParser(maxMessageChars),
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    // A socket that never completes its namespace handshake (authentication) is dropped after 10 s.
    connectTimeout: 10_000,
    serveClient: false,
    allowRequest: (req, callback) => {
      if (!ctx.originAllowed(req.headers)) return callback('BAD_ORIGIN', false);
      const refused = handshakes.admit(req);
      callback(refused ? refused.code : null, !refused);
    },
  });
  io.engine.on('connection', (conn: EngineConn) => handshakes.track(conn));
  const capture = io.of(CAPTURE_NAMESPACE) as unknown as CaptureNamespace;
  const monitor = io.of(MONITOR_NAMESPACE) as unknown as MonitorNamespace;
  capture.on('connection', (socket) => handshakes.joined(socket.conn as unknown as EngineConn));
  // A viewer sends no frames: a message a little over the longest the parser reads (UTF-8 of it,
  // plus framing) is cut by the transport before it is held, rather than read and then refused.
  monitor.on('connection', (socket) => handshakes.joined(socket.conn as unknown as EngineConn, maxMessageChars * 3 + 1024));
  // Nothing is served on the main namespace; a join there would otherwise count as a handshake.
  io.of('/').use((_socket, next) => next(handshakeError(new CamrelayError('UNKNOWN_NAMESPACE'))));
  return { io, capture, monitor };
}
