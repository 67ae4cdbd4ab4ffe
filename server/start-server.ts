/** Puts the relay together: accounts, the core, Express, then the module table, on one port. */
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import { CamrelayError } from '../shared/errors.js';
import { resolveCaptureToken } from './auth/capture-token.js';
import { setUpAuth } from './auth/index.js';
import { originAllowed } from './auth/origin.js';
import type { AuthStore } from './auth/store.js';
import type { Cluster } from './cluster/index.js';
import type { ServerConfig } from './load-config.js';
import { serveDashboard } from './http/dashboard.js';
import { FastRoutes } from './http/fast-routes.js';
import type { Readiness } from './http/health.js';
import { clientIpOf, createHttpServer, listen } from './http/listen.js';
import { createHttpApp } from './http-app.js';
import { errorHandler } from './http/http-errors.js';
import { RefusalLog } from './http/refusal-log.js';
import { createLogger } from './log.js';
import { Metrics } from './metrics.js';
import { modules, tableWithout } from './module-table.js';
import type { Attached, ModuleContext, ProvidedMap, TableLine } from './modules/module.js';
import { Offers } from './modules/offers.js';
import type { RecordingManager } from './recording/index.js';
import { CameraKeeper } from './camera-keeper/camera-keeper.js';
import { CameraStore } from './camera-keeper/camera-store.js';
import { FrameFiles } from './camera-keeper/frame-files.js';
import { Relay } from './relay/relay.js';
import { SignalingHub } from './modules/signaling.js';
import { LogRing, withLogRing } from './system/log-ring.js';
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
  /** Recorders, the index of recordings and retention (docs/recording.md); reading it throws RECORDING_OFF when recording is switched off. */
  readonly recording: RecordingManager;
  /** What each module of the table offers, by name. */
  provided: ProvidedMap;
  close(graceMs?: number): Promise<void>;
}

/** Starts a relay and resolves once it listens; `table` is the module table (tests add to it). */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
  fullTable: readonly TableLine[] = modules,
): Promise<RunningServer> {
  // Every warning and error from here on, whichever module logs it, is kept for the System section too.
  const logRing = new LogRing();
  log = withLogRing(log, logRing);
  const { table, problem } = tableWithout(fullTable, config.modulesOff);
  if (problem) throw new CamrelayError('BAD_CONFIG', problem);
  const token = await resolveCaptureToken(config.captureToken, config.dataDir);
  const { store, auth, generatedAdminPassword } = await setUpAuth(config.dataDir, token.value, config);
  const cameraStore = new CameraStore(config.dataDir, {
    maxCameras: config.maxCameras,
    onError: (err) => log.warn({ err: err.message }, 'camera list not saved'),
  });
  // Metrics read the relay's state at scrape time through two functions, and hear of frames as its observer.
  const metrics: Metrics = new Metrics({
    cameras: () => relay.localCameras(),
    viewers: () => relay.viewerLoad(),
    renditions: () => relay.renditions.counts(),
    liveH264: () => relay.cameraSide.live,
  });
  // A saved camera is never forgotten by time: it stays, offline, until an admin deletes it.
  const relay: Relay = new Relay({ ...config, observer: metrics, keep: (id) => cameraStore.has(id) });
  const frameFiles = new FrameFiles(path.join(config.dataDir, 'cameras'), { onError: (err) => log.warn({ err: err.message }, 'last frame not saved') });
  const cameras = new CameraKeeper(relay, cameraStore, frameFiles);
  cameraStore.watch();
  const readiness: Readiness = { listening: false, shuttingDown: false };
  const { app, httpAuth, requireUser, requireCameraViewer } = createHttpApp(config, relay, auth, store, metrics, readiness);
  const fastRoutes = new FastRoutes();
  const tls = httpAuth.tls ? { cert: config.tlsCert!, key: config.tlsKey! } : null;
  const http = createHttpServer(tls, fastRoutes.listener(app));
  const clientIp = clientIpOf(config.trustProxy);
  const refusals = new RefusalLog(log, { count: (code) => metrics.refusal(code) });
  const provided = new Offers();
  const ctx: ModuleContext<ServerConfig> = {
    app,
    fastRoutes,
    http,
    relay,
    cameras,
    config,
    log,
    logRing,
    auth,
    store,
    httpAuth,
    requireUser,
    requireCameraViewer,
    clientIp,
    refusals,
    readiness,
    provided,
    captureToken: token.value,
    serverTime: () => ({ now: Date.now(), version: VERSION, ...(readiness.cluster ? { cluster: readiness.cluster() } : {}) }),
    originAllowed: (headers) => originAllowed(httpAuth, headers),
    signaling: new SignalingHub(),
  };
  const attached: Attached[] = [];
  for (const module of table) {
    const a = await module.attach(ctx);
    a.metrics?.(metrics.registry);
    provided.add(module.name, a);
    attached.push(a);
  }
  // After every module's routes: the dashboard's files, then the one error answer.
  serveDashboard(app);
  app.use(errorHandler(log));

  const port = await listen(http, config.port, config.host);
  readiness.listening = true;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  return {
    url: `${httpAuth.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    captureToken: token.value,
    tokenGenerated: token.generated,
    generatedAdminPassword,
    relay,
    io: provided.need('socketio').io,
    http,
    log,
    metrics,
    store,
    cameras,
    cluster: provided.get('cluster')?.cluster ?? null,
    webrtc: provided.get('webrtc')?.hub ?? null,
    get recording() {
      const recording = provided.get('recording');
      if (!recording) throw new CamrelayError('RECORDING_OFF');
      return recording.manager;
    },
    provided,
    /**
     * Graceful stop: refuse new work, close each module in reverse table order (open recordings
     * are finished, Socket.IO clients are told and keep retrying, streams end), let in-flight HTTP
     * responses finish, and cut whatever is left after `graceMs`.
     */
    async close(graceMs = 3000) {
      readiness.shuttingDown = true;
      const cut = setTimeout(() => http.closeAllConnections(), graceMs);
      relay.close();
      for (const a of [...attached].reverse()) await a.close();
      await cameras.close();
      refusals.close();
      store.close();
      auth.sessions.close();
      http.closeIdleConnections();
      await new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      clearTimeout(cut);
    },
  };
}
