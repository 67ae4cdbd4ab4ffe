/**
 * The server's module boundary: what a module is given (ModuleContext) and what it gives back. A
 * module (accounts, the camera list, a transport, cluster, recording, camera admin, downloads) owns
 * its routes, its settings section, its metrics and its shutdown; the server's wiring knows modules
 * only through this file and the table in module-table.ts. Parts that are table lines themselves
 * (accounts, the camera list, the origin check, signaling) are typed here by their offers, so this
 * file imports no module.
 */
import type { Express, RequestHandler } from 'express';
import type { IncomingHttpHeaders, Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ServerTime } from '../../shared/protocol.js';
import type { CoreConfig } from '../config/core-settings.js';
import type { SettingsSection } from '../config/settings.js';
import type { FastRoutes } from '../http/fast-routes.js';
import type { Readiness } from '../http/health.js';
import type { RefusalLog } from '../http/refusal-log.js';
import type { Relay } from '../relay/relay.js';
import type { LogTap } from './log-tap.js';
import type { RelayObservers } from './relay-observers.js';

/** What a module hands back from `attach`; a module that offers more extends it (see `Provided`). */
export interface Attached {
  /** Ends everything the module opened: connections, streams, timers. Called once, in reverse table order. */
  close(): void | Promise<void>;
  /** Registers the module's own series on the server's Prometheus registry. */
  metrics?(registry: Registry): void;
  /** The settings it runs with, for the start-up log (never secrets). */
  config?(): Record<string, unknown>;
}

/**
 * What each module offers the ones after it, by name. Empty here: each module adds its own line
 * beside its definition (`declare module '../modules/module.js' { interface Provided { name: Offer } }`),
 * so this file names no module, and a new module touches no other file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Provided {}

/** Every module's name: the keys of the offers registry, which each module adds its own line to. */
export type ModuleName = keyof Provided & string;

/** `S`: the settings the module reads besides the core's (its own section, merged into the config). */
export interface ModuleContext<S extends object = object> {
  /** Express, for routes that need its parsers and middleware. */
  app: Express;
  /** Routes answered ahead of Express, for the few requests made once per frame per viewer. */
  fastRoutes: FastRoutes;
  /** The HTTP(S) server, for modules that take over connections (Socket.IO's engine). */
  http: HttpServer;
  /** The core. Modules use its methods only (ingest handles, viewers, frame hooks). */
  relay: Relay;
  /** Where the relay's frame counts go: a module that counts them (metrics) adds its observer. */
  observers: RelayObservers;
  config: CoreConfig & S;
  log: Logger;
  /** Every warning and error `log` and its children write, for a module that keeps them (the log ring). */
  logTap: LogTap;
  /** What `time` answers: the clock, the version and (cluster mode) the cluster state. */
  serverTime(): ServerTime;
  /** The caller's address for rate limits: X-Forwarded-For only when the config trusts a proxy. */
  clientIp(headers: IncomingHttpHeaders, address: string): string;
  /** Refusals are logged here: the first of a kind per address at once, repeats summed per minute. */
  refusals: RefusalLog;
  /** What `/readyz` answers; a module whose outage makes the node unready sets its check here. */
  readiness: Readiness;
  /** What the modules attached before this one offer, typed by name (see `needs`). */
  provided: ProvidedMap;

  // The offers of lines every relay runs (`always`), read from `provided` when a module asks.
  /** The saved camera list and frames: names, groups, order, admin changes (camera-keeper). */
  readonly cameras: Provided['camera-keeper']['keeper'];
  /** Accounts: `auth.recheck` is the one "still allowed?" check (auth). */
  readonly auth: Provided['auth']['auth'];
  readonly store: Provided['auth']['store'];
  /** Any signed-in user (auth). */
  readonly requireUser: RequestHandler;
  /**
   * For `/api/cameras/:cameraId/...` routes: a signed-in user who may see that camera, else the
   * same answer as for a camera that does not exist (so guessing ids tells nothing) (auth).
   */
  readonly requireCameraViewer: RequestHandler;
  /** The site-wide capture token, for capture processes the relay runs itself (IP cameras) (auth). */
  readonly captureToken: string;
  /** TLS, proxy trust and allowed origins, for the session and origin checks of admin routes (origin-check). */
  readonly httpAuth: Provided['origin-check']['httpAuth'];
  /** Whether a browser request's Origin and Host are ones this relay serves (origin-check). */
  originAllowed(headers: IncomingHttpHeaders): boolean;
  /** Where connections that can carry signaling are announced (socketio) and heard (webrtc) (signaling). */
  readonly signaling: Provided['signaling']['hub'];
}

/** The offers of attached modules; `get('socketio')` is a `SocketioAttached`, no cast. */
export interface ProvidedMap {
  get<N extends ModuleName>(name: N): Provided[N] | undefined;
  /** The offer of a module this one `needs`; throws if the table lacks it (tableProblem prevents that). */
  need<N extends ModuleName>(name: N): Provided[N];
  /** Calls `listener` with every offer so far and every one attached after (metrics registers each module's series). */
  each(listener: (offer: Attached) => void): void;
}

export interface Module<N extends ModuleName = ModuleName, S extends object = object> {
  name: N;
  /** Modules that must be attached before this one; checked at start, in table order. */
  needs?: readonly ModuleName[];
  /** A line every relay runs, reached by the others through the context (`ctx.auth`): it cannot be switched off. */
  always?: true;
  /** Its settings section (defaults, env and flags, a check), merged into the config at start. */
  settings?: SettingsSection<S>;
  attach(ctx: ModuleContext<S>): Provided[N] | Promise<Provided[N]>;
}

/** A line of the module table: any module, whatever its settings section (typed where it is declared). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TableLine = Module<any, any>;
