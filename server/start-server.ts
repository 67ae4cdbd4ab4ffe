/** Puts the relay together: the core, accounts, Express, the transport table and the dashboard, on one port. */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import { CamrelayError } from '../shared/errors.js';
import { setUpAuth } from './auth/index.js';
import { requireUser } from './auth/http.js';
import { originAllowed } from './auth/origin.js';
import type { AuthStore } from './auth/store.js';
import type { Cluster } from './cluster/index.js';
import { resolveCaptureToken } from './auth/capture-token.js';
import type { ServerConfig } from './config.js';
import { serveDashboard } from './dashboard.js';
import { serveDownloads } from './downloads.js';
import type { Readiness } from './health.js';
import { FastRoutes } from './fast-routes.js';
import { createHttpApp } from './http-app.js';
import { errorHandler } from './http-errors.js';
import { createLogger } from './log.js';
import { Metrics } from './metrics.js';
import { RefusalLog } from './refusal-log.js';
import { CameraKeeper } from './relay/camera-keeper.js';
import { CameraStore } from './relay/camera-store.js';
import { FrameFiles } from './relay/frame-files.js';
import { Relay } from './relay/relay.js';
import { startRecording, type RecordingManager } from './recording/index.js';
import { tableProblem, transports } from './transports/index.js';
import { SignalingHub } from './transports/signaling.js';
import type { SocketioAttached } from './transports/socketio/index.js';
import type { Attached, ModuleName, TableLine, TransportContext } from './transports/transport.js';
import type { WebrtcAttached } from './transports/webrtc/index.js';
import type { WebrtcHub } from './transports/webrtc/signaling.js';
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
  /** Recorders, the index of recordings and retention (docs/recording.md). */
  recording: RecordingManager;
  close(graceMs?: number): Promise<void>;
}

/** Starts a relay and resolves once it listens; `table` is the transport table (tests add to it). */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
  table: readonly TableLine[] = transports,
): Promise<RunningServer> {
  const token = await resolveCaptureToken(config.captureToken, config.dataDir);
  const { store, auth, generatedAdminPassword } = await setUpAuth(config.dataDir, token.value, config);
  const problem = tableProblem(table);
  if (problem) throw new CamrelayError('BAD_CONFIG', problem);
  const cameraStore = new CameraStore(config.dataDir, {
    maxCameras: config.maxCameras,
    onError: (err) => log.warn({ err: err.message }, 'camera list not saved'),
  });
  // Metrics read the relay's state at scrape time through two functions, and hear of frames as its observer.
  const metrics: Metrics = new Metrics({ cameras: () => relay.localCameras(), viewers: () => relay.viewerLoad(), renditions: () => relay.renditions.counts() });
  // A saved camera is never forgotten by time: it stays, offline, until an admin deletes it.
  const relay: Relay = new Relay({ ...config, observer: metrics, keep: (id) => cameraStore.has(id) });
  const frameFiles = new FrameFiles(path.join(config.dataDir, 'cameras'), { onError: (err) => log.warn({ err: err.message }, 'last frame not saved') });
  const cameras = new CameraKeeper(relay, cameraStore, frameFiles);
  cameraStore.watch();
  const readiness: Readiness = { listening: false, shuttingDown: false };
  const { app, httpAuth, requireCameraViewer, recordings } = createHttpApp(config, relay, auth, store, metrics, readiness, cameras);
  const secure = httpAuth.tls;
  // Slow-loris guards: headers within 10 s, a whole request within 60 s (uploads have their own rate
  // check, JSON bodies a 10 s deadline). Node checks both only every connectionsCheckingInterval
  // (30 s by default), which made the 10 s up to 40 s; checked every second they hold within 1 s.
  const timeouts = { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1000 };
  const fastRoutes = new FastRoutes();
  const listener = fastRoutes.listener(app);
  const http: HttpServer = secure
    ? createHttps({ ...timeouts, cert: readFileSync(config.tlsCert!), key: readFileSync(config.tlsKey!) }, listener)
    : createHttp(timeouts, listener);
  // Behind our own proxy, the last X-Forwarded-For entry is the one it appended; anything before it
  // came from the client and could be anything.
  const clientIp = (headers: IncomingHttpHeaders, address: string): string => {
    const forwarded = headers['x-forwarded-for'];
    return config.trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() || address : address;
  };
  const refusals = new RefusalLog(log, { count: (code) => metrics.refusal(code) });
  let cluster: Cluster | null = null;
  const serverTime = () => ({ now: Date.now(), version: VERSION, ...(cluster ? { cluster: cluster.state() } : {}) });
  const provided = new Map<ModuleName, Attached>();
  const ctx: TransportContext = {
    app,
    fastRoutes,
    http,
    relay,
    config,
    log,
    auth,
    store,
    requireCameraViewer,
    clientIp,
    serverTime,
    refusals,
    provided,
    originAllowed: (headers) => originAllowed(httpAuth, headers),
    signaling: new SignalingHub(),
  };
  const attached: Attached[] = [];
  for (const transport of table) {
    const a = await transport.attach(ctx);
    a.metrics?.(metrics.registry);
    provided.set(transport.name, a);
    attached.push(a);
  }
  const io = (provided.get('socketio') as SocketioAttached).io;
  // Only in cluster mode is anything about Redis loaded. It shares the camera list through
  // Socket.IO's Redis adapter, set before any connection arrives.
  cluster = config.redisUrl
    ? await (
        await import('./cluster/index.js')
      ).startCluster({ url: config.redisUrl, offlineAfterMs: config.offlineAfterMs, forgetAfterMs: config.forgetAfterMs }, relay, io, log)
    : null;
  if (cluster) readiness.cluster = () => cluster!.state();
  const recording = await startRecording({
    app,
    relay,
    registry: metrics.registry,
    log,
    user: requireUser(auth),
    cameraViewer: requireCameraViewer,
    httpAuth,
    dataDir: config.dataDir,
    recording: config.recording,
    offlineAfterMs: config.offlineAfterMs,
  });
  recordings.manager = recording;
  serveDownloads(app);
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
    webrtc: (provided.get('webrtc') as WebrtcAttached | undefined)?.hub ?? null,
    recording,
    /**
     * Graceful stop: refuse new work, close each transport in reverse table order (Socket.IO clients
     * are told and keep retrying, streams end), let in-flight HTTP responses finish, and cut
     * whatever is left after `graceMs`.
     */
    async close(graceMs = 3000) {
      readiness.shuttingDown = true;
      const cut = setTimeout(() => http.closeAllConnections(), graceMs);
      relay.close();
      // Open segments end as `relay-down` and their files are finished before the process goes.
      await recording.close();
      await cameras.close();
      refusals.close();
      store.close();
      auth.sessions.close();
      await cluster?.close();
      for (const a of [...attached].reverse()) await a.close();
      http.closeIdleConnections();
      await new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      clearTimeout(cut);
    },
  };
}
