/** Puts the relay together: Express, Socket.IO, accounts, the transports and the dashboard, on one port. */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { Server as IoServer } from 'socket.io';
import { CamrelayError } from '../shared/errors.js';
import { CAPTURE_NAMESPACE, MONITOR_NAMESPACE } from '../shared/protocol.js';
import { setUpAuth } from './auth/index.js';
import { originAllowed } from './auth/origin.js';
import type { AuthStore } from './auth/store.js';
import type { Cluster } from './cluster/index.js';
import { resolveCaptureToken } from './capture-token.js';
import type { ServerConfig } from './config.js';
import { serveDashboard } from './dashboard.js';
import type { Readiness } from './health.js';
import { createHttpApp } from './http-app.js';
import { errorHandler } from './http-errors.js';
import { createLogger } from './log.js';
import { Metrics } from './metrics.js';
import { RefusalLog } from './refusal-log.js';
import { CameraKeeper } from './relay/camera-keeper.js';
import { CameraStore } from './relay/camera-store.js';
import { FrameFiles } from './relay/frame-files.js';
import { Relay } from './relay/relay.js';
import type { TransportContext } from './transports/context.js';
import type { WebrtcHub } from './transports/webrtc/signaling.js';
import { transports } from './transports/index.js';
import { closeMjpegStreams } from './transports/mjpeg/index.js';
import { handshakeError } from './transports/socketio/capture.js';
import { HandshakeGuard, type EngineConn } from './transports/socketio/handshake-guard.js';
import { parser } from './transports/socketio/parser.js';
import { VERSION } from './version.js';

export interface RunningServer {
  url: string;
  port: number;
  captureToken: string;
  tokenGenerated: boolean;
  /** The first admin's password if it was generated at this start (print it once), else null. */
  generatedAdminPassword: string | null;
  relay: Relay;
  io: IoServer;
  http: HttpServer;
  log: Logger;
  metrics: Metrics;
  store: AuthStore;
  /** The saved camera list and frames: names, groups, order, admin changes. */
  cameras: CameraKeeper;
  /** Cluster mode only. */
  cluster: Cluster | null;
  /** WebRTC peers alive and upgrades ended, by reason. */
  webrtc: WebrtcHub | null;
  close(graceMs?: number): Promise<void>;
}

/** Starts a relay and resolves once it listens. */
export async function startServer(config: ServerConfig, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const token = await resolveCaptureToken(config.captureToken, config.dataDir);
  const { store, auth, generatedAdminPassword } = await setUpAuth(config.dataDir, token.value, config);
  const metrics = new Metrics();
  const cameraStore = new CameraStore(config.dataDir, { maxCameras: config.maxCameras, onError: (err) => log.warn({ err: err.message }, 'camera list not saved') });
  // A saved camera is never forgotten by time: it stays, offline, until an admin deletes it.
  const relay = new Relay({ ...config, observer: metrics, keep: (id) => cameraStore.has(id) });
  metrics.attach(relay);
  const frameFiles = new FrameFiles(path.join(config.dataDir, 'cameras'), { onError: (err) => log.warn({ err: err.message }, 'last frame not saved') });
  const cameras = new CameraKeeper(relay, cameraStore, frameFiles);
  cameraStore.watch();
  const readiness: Readiness = { listening: false, shuttingDown: false };
  const { app, httpAuth, requireCameraViewer } = createHttpApp(config, relay, auth, store, metrics, readiness, cameras);
  const secure = httpAuth.tls;
  // Slow-loris guards: headers within 10 s, a whole request within 60 s (uploads have their own rate
  // check, JSON bodies a 10 s deadline). Node checks both only every connectionsCheckingInterval
  // (30 s by default), which made the 10 s up to 40 s; checked every second they hold within 1 s.
  const timeouts = { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1000 };
  const http: HttpServer = secure ? createHttps({ ...timeouts, cert: readFileSync(config.tlsCert!), key: readFileSync(config.tlsKey!) }, app) : createHttp(timeouts, app);
  // Behind our own proxy, the last X-Forwarded-For entry is the one it appended; anything before it
  // came from the client and could be anything.
  const clientIp = (headers: IncomingHttpHeaders, address: string): string => {
    const forwarded = headers['x-forwarded-for'];
    return config.trustProxy && typeof forwarded === 'string' ? (forwarded.split(',').at(-1)?.trim() || address) : address;
  };
  const refusals = new RefusalLog(log, { count: (code) => metrics.refusal(code) });
  // On polling, binary travels as base64 (+33%): leave room for the largest frame plus framing.
  const maxHttpBufferSize = Math.ceil((config.maxFrameBytes * 4) / 3) + 64 * 1024;
  const handshakes = new HandshakeGuard({
    fullMessageBytes: maxHttpBufferSize,
    clientIp: (req) => clientIp(req.headers, req.socket.remoteAddress ?? ''),
    onRefuse: (address, error) => refusals.refused(address, error.code, 'socket.io connection refused', { message: error.message }),
  });
  const io = new IoServer(http, {
    maxHttpBufferSize,
    parser,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    // A socket that never completes its namespace handshake (authentication) is dropped after 10 s.
    connectTimeout: 10_000,
    serveClient: false,
    allowRequest: (req, callback) => {
      if (!originAllowed(httpAuth, req.headers)) return callback('BAD_ORIGIN', false);
      const refused = handshakes.admit(req);
      callback(refused ? refused.code : null, !refused);
    },
  });
  io.engine.on('connection', (conn: EngineConn) => handshakes.track(conn));
  for (const nsp of [CAPTURE_NAMESPACE, MONITOR_NAMESPACE]) io.of(nsp).on('connection', (socket) => handshakes.joined(socket.conn as unknown as EngineConn));
  // Nothing is served on the main namespace; a join there would otherwise count as a handshake.
  io.of('/').use((_socket, next) => next(handshakeError(new CamrelayError('UNKNOWN_NAMESPACE'))));
  // Only in cluster mode is anything about Redis loaded.
  const cluster = config.redisUrl ? await (await import('./cluster/index.js')).startCluster({ url: config.redisUrl, offlineAfterMs: config.offlineAfterMs, forgetAfterMs: config.forgetAfterMs }, relay, io, log) : null;
  if (cluster) readiness.cluster = () => cluster.state();
  const serverTime = () => ({ now: Date.now(), version: VERSION, ...(cluster ? { cluster: cluster.state() } : {}) });
  const ctx: TransportContext = { app, http, io, relay, config, log, auth, store, requireCameraViewer, clientIp, serverTime, refusals };
  for (const transport of transports) transport.attach(ctx);
  if (ctx.webrtc) metrics.attachWebrtc(ctx.webrtc);
  serveDashboard(app);
  app.use(errorHandler(log));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  readiness.listening = true;
  const port = (http.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  return {
    url: `${secure ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    captureToken: token.value,
    tokenGenerated: token.generated,
    generatedAdminPassword,
    relay,
    io,
    http,
    log,
    metrics,
    store,
    cameras,
    cluster,
    webrtc: ctx.webrtc ?? null,
    /**
     * Graceful stop: refuse new work, tell Socket.IO clients (they keep retrying), end streams,
     * let in-flight HTTP responses finish, and cut whatever is left after `graceMs`.
     */
    async close(graceMs = 3000) {
      readiness.shuttingDown = true;
      for (const nsp of [CAPTURE_NAMESPACE, MONITOR_NAMESPACE]) io.of(nsp).emit('server-shutdown', { reason: 'shutdown' });
      closeMjpegStreams(http);
      relay.close();
      await cameras.close();
      refusals.close();
      store.close();
      auth.sessions.close();
      await cluster?.close();
      const cut = setTimeout(() => http.closeAllConnections(), graceMs);
      // Closing the engine drops each connection as a "transport close", which clients retry;
      // disconnectSockets() would send "io server disconnect", after which they give up.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeIdleConnections();
      await new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      clearTimeout(cut);
    },
  };
}
