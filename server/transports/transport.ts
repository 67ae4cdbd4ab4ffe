/**
 * The plugin boundary: what a transport module is given (TransportContext) and what it gives back
 * (Attached). A transport owns its routes, its settings, its metrics and its shutdown; the core and
 * the server's wiring know transports only through this file and the table in index.ts.
 */
import type { Express, RequestHandler } from 'express';
import type { IncomingHttpHeaders, Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ServerTime, Transport } from '../../shared/protocol.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { AuthStore } from '../auth/store.js';
import type { CoreConfig } from '../core-settings.js';
import type { FastRoutes } from '../fast-routes.js';
import type { RefusalLog } from '../refusal-log.js';
import type { SettingsSection } from '../settings.js';
import type { Relay } from '../relay/relay.js';
import type { SignalingHub } from './signaling.js';

/** A module of the table: a transport users name (`Transport`), or a helper egress such as `frame-fetch`. */
export type ModuleName = Transport | 'frame-fetch';

/** `S`: the transport's own settings section, which the server merged into the config. */
export interface TransportContext<S extends object = object> {
  /** Express, for routes that need its parsers and middleware. */
  app: Express;
  /** Routes answered ahead of Express, for the few requests made once per frame per viewer. */
  fastRoutes: FastRoutes;
  /** The HTTP(S) server, for transports that take over connections (Socket.IO's engine). */
  http: HttpServer;
  /** The core. Transports use its methods only (ingest handles, viewers). */
  relay: Relay;
  config: CoreConfig & S;
  log: Logger;
  auth: Authenticator;
  store: AuthStore;
  /**
   * For `/api/cameras/:cameraId/...` routes: a signed-in user who may see that camera, else the
   * same answer as for a camera that does not exist (so guessing ids tells nothing).
   */
  requireCameraViewer: RequestHandler;
  /** Whether a browser request's Origin and Host are ones this relay serves. */
  originAllowed(headers: IncomingHttpHeaders): boolean;
  /** What `time` answers: the clock, the version and (cluster mode) the cluster state. */
  serverTime(): ServerTime;
  /** The caller's address for rate limits: X-Forwarded-For only when the config trusts a proxy. */
  clientIp(headers: IncomingHttpHeaders, address: string): string;
  /** Refusals are logged here: the first of a kind per address at once, repeats summed per minute. */
  refusals: RefusalLog;
  /** Where connections that can carry signaling are announced (socketio) and heard (webrtc). */
  signaling: SignalingHub;
  /** What an attached module offers the ones after it in the table (see `needs`). */
  provided: Map<ModuleName, Attached>;
}

/** What a module hands back from `attach`. */
export interface Attached {
  /** Ends everything the module opened: connections, streams, timers. Called once, in reverse table order. */
  close(): void | Promise<void>;
  /** Registers the module's own series on the server's Prometheus registry. */
  metrics?(registry: Registry): void;
  /** The settings it runs with, for the start-up log (never secrets). */
  config?(): Record<string, unknown>;
}

export interface TransportModule<A extends Attached = Attached, S extends object = object> {
  name: ModuleName;
  /** Modules that must be attached before this one; checked at start, in table order. */
  needs?: readonly ModuleName[];
  /** Its settings section (defaults, env and flags, a check), merged into the config at start. */
  settings?: SettingsSection<S>;
  attach(ctx: TransportContext<S>): A | Promise<A>;
}

/** A line of the transport table: any module, whatever its settings section (typed where it is declared). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TableLine = TransportModule<Attached, any>;
