/** Puts the relay together: the core (config, log, relay, Express, the HTTP server), then the module table, on one port. */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import { CamrelayError } from '../shared/errors.js';
import type { AuthStore } from './auth/store.js';
import type { CameraKeeper } from './camera-keeper/camera-keeper.js';
import type { Cluster } from './cluster/index.js';
import type { ServerConfig } from './load-config.js';
import { FastRoutes } from './http/fast-routes.js';
import type { Readiness } from './http/health.js';
import { clientIpOf, createHttpServer, listen } from './http/listen.js';
import { createHttpApp } from './http-app.js';
import { errorHandler } from './http/http-errors.js';
import { RefusalLog } from './http/refusal-log.js';
import { createLogger } from './log.js';
import type { Metrics } from './metrics/metrics.js';
import { modules, tableWithout } from './module-table.js';
import { moduleContext } from './modules/context.js';
import { LogTap, withLogTap } from './modules/log-tap.js';
import type { Attached, ProvidedMap, TableLine } from './modules/module.js';
import { Offers } from './modules/offers.js';
import { RelayObservers } from './modules/relay-observers.js';
import type { RecordingManager } from './recording/index.js';
import { Relay } from './relay/relay.js';
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

/** Starts a relay and resolves once it listens; `fullTable` is the module table (tests add to it), less the lines `config.modulesOff` names. */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
  fullTable: readonly TableLine[] = modules,
): Promise<RunningServer> {
  const { table, problem } = tableWithout(fullTable, config.modulesOff);
  if (problem) throw new CamrelayError('BAD_CONFIG', problem);
  // Every warning and error from here on, whichever module logs it, is told on the tap (the log ring hears it).
  const logTap = new LogTap();
  log = withLogTap(log, logTap);
  const provided = new Offers();
  const observers = new RelayObservers();
  // A saved camera is never forgotten by time: it stays, offline, until an admin deletes it.
  const relay = new Relay({ ...config, observer: observers, keep: (id) => provided.get('camera-keeper')?.store.has(id) ?? false });
  const readiness: Readiness = { listening: false, shuttingDown: false };
  const app = createHttpApp(config);
  const fastRoutes = new FastRoutes();
  const tls = config.tlsCert ? { cert: config.tlsCert, key: config.tlsKey! } : null;
  const http = createHttpServer(tls, fastRoutes.listener(app));
  const refusals = new RefusalLog(log, { count: (code) => observers.refusal(code) });
  const ctx = moduleContext<ServerConfig>({
    app,
    fastRoutes,
    http,
    relay,
    observers,
    config,
    log,
    logTap,
    clientIp: clientIpOf(config.trustProxy),
    refusals,
    readiness,
    provided,
    serverTime: () => ({ now: Date.now(), version: VERSION, ...(readiness.cluster ? { cluster: readiness.cluster() } : {}) }),
  });
  const attached: Attached[] = [];
  for (const module of table) {
    const a = await module.attach(ctx);
    provided.add(module.name, a);
    attached.push(a);
  }
  // After every module's routes: the one error answer.
  app.use(errorHandler(log));

  const port = await listen(http, config.port, config.host);
  readiness.listening = true;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const auth = provided.need('auth');

  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    captureToken: auth.captureToken,
    tokenGenerated: auth.tokenGenerated,
    generatedAdminPassword: auth.generatedAdminPassword,
    relay,
    io: provided.need('socketio').io,
    http,
    log,
    get metrics() {
      return provided.need('metrics').prometheus;
    },
    store: auth.store,
    cameras: provided.need('camera-keeper').keeper,
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
     * are finished, Socket.IO clients are told and keep retrying, streams end, then the camera list
     * and the accounts), let in-flight HTTP responses finish, and cut whatever is left after `graceMs`.
     */
    async close(graceMs = 3000) {
      readiness.shuttingDown = true;
      const cut = setTimeout(() => http.closeAllConnections(), graceMs);
      relay.close();
      for (const a of [...attached].reverse()) await a.close();
      refusals.close();
      http.closeIdleConnections();
      await new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      clearTimeout(cut);
    },
  };
}
