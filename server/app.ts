/** Puts the relay together: Express, Socket.IO, the transports and the dashboard, on one port. */
import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Server as IoServer } from 'socket.io';
import { attachApi } from './api.js';
import { resolveCaptureToken, tokenMatches } from './capture-token.js';
import type { ServerConfig } from './config.js';
import { serveDashboard } from './dashboard.js';
import { errorHandler } from './http-errors.js';
import { createLogger } from './log.js';
import { Relay } from './relay/relay.js';
import { transports } from './transports/index.js';
import { closeMjpegStreams } from './transports/mjpeg/index.js';
import { VERSION } from './version.js';
import { attachReadiness, type Readiness } from './health.js';
import { attachMetrics, Metrics } from './metrics.js';
import { CAPTURE_NAMESPACE, MONITOR_NAMESPACE } from '../shared/protocol.js';

export interface RunningServer {
  url: string;
  port: number;
  captureToken: string;
  tokenGenerated: boolean;
  relay: Relay;
  io: IoServer;
  http: HttpServer;
  log: Logger;
  metrics: Metrics;
  close(graceMs?: number): Promise<void>;
}

/** Starts a relay and resolves once it listens. */
export async function startServer(config: ServerConfig, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const token = await resolveCaptureToken(config.captureToken, config.dataDir);
  const metrics = new Metrics();
  const relay = new Relay({ ...config, observer: metrics });
  metrics.attach(relay);
  const readiness: Readiness = { listening: false, shuttingDown: false };
  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);
  const io = new IoServer(http, {
    // On polling, binary travels as base64 (+33%): leave room for the largest frame plus framing.
    maxHttpBufferSize: Math.ceil((config.maxFrameBytes * 4) / 3) + 64 * 1024,
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    serveClient: false,
  });

  const ctx = {
    app,
    io,
    relay,
    config,
    log,
    version: VERSION,
    checkCaptureToken: (given: unknown) => tokenMatches(given, token.value),
  };
  attachApi(app, relay);
  attachReadiness(app, readiness);
  attachMetrics(app, metrics, config.metricsToken);
  for (const transport of transports) transport.attach(ctx);
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
    url: `http://${shownHost}:${port}`,
    port,
    captureToken: token.value,
    tokenGenerated: token.generated,
    relay,
    io,
    http,
    log,
    metrics,
    /**
     * Graceful stop: refuse new work, tell Socket.IO clients (they keep retrying), end streams,
     * let in-flight HTTP responses finish, and cut whatever is left after `graceMs`.
     */
    async close(graceMs = 3000) {
      readiness.shuttingDown = true;
      for (const nsp of [CAPTURE_NAMESPACE, MONITOR_NAMESPACE]) io.of(nsp).emit('server-shutdown', { reason: 'shutdown' });
      closeMjpegStreams(http);
      relay.close();
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
