/** What a transport module gets to wire itself in: the core, the servers and the gatekeepers. */
import type { Express, RequestHandler } from 'express';
import type { IncomingHttpHeaders, Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import type { ServerTime, Transport } from '../../shared/protocol.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { AuthStore } from '../auth/store.js';
import type { ServerConfig } from '../config.js';
import type { RefusalLog } from '../refusal-log.js';
import type { Relay } from '../relay/relay.js';
import type { WebrtcHub } from './webrtc/signaling.js';

export interface TransportContext {
  app: Express;
  /** The HTTP(S) server, for the few routes that must not pay for Express (frame-fetch.ts). */
  http: HttpServer;
  io: IoServer;
  relay: Relay;
  config: ServerConfig;
  log: Logger;
  auth: Authenticator;
  store: AuthStore;
  /**
   * For `/api/cameras/:cameraId/...` routes: a signed-in user who may see that camera, else the
   * same answer as for a camera that does not exist (so guessing ids tells nothing).
   */
  requireCameraViewer: RequestHandler;
  /** What `time` answers: the clock, the version and (cluster mode) the cluster state. */
  serverTime(): ServerTime;
  /** The caller's address for rate limits: X-Forwarded-For only when the config trusts a proxy. */
  clientIp(headers: IncomingHttpHeaders, address: string): string;
  /** Refusals are logged here: the first of a kind per address at once, repeats summed per minute. */
  refusals: RefusalLog;
  /** Set by the webrtc module: live peers and why upgrades ended, for metrics. */
  webrtc?: WebrtcHub;
}

export interface TransportModule {
  name: Transport;
  attach(ctx: TransportContext): void;
}
