/**
 * The core's settings (everything but the modules' own sections): one defaults literal and the
 * env/flag spelling of each. Every module reads them; config.ts merges them with the sections.
 */
import { DEFAULT_PORT } from '../../shared/protocol.js';
import type { Setting } from './settings.js';

export const CORE_DEFAULTS = {
  port: DEFAULT_PORT,
  host: '0.0.0.0',
  captureToken: undefined as string | undefined,
  metricsToken: undefined as string | undefined,
  adminPassword: undefined as string | undefined,
  /** Browser origins allowed besides the server's own, comma-separated. */
  allowedOrigins: '',
  /** Pages that may show a camera's stream or snapshot in an <img>, comma-separated origins. */
  embedOrigins: '',
  trustProxy: false,
  tlsCert: undefined as string | undefined,
  tlsKey: undefined as string | undefined,
  sessionTtlMs: 12 * 3_600_000,
  maxFps: 60,
  /** More camera ids than this are refused: one capture token must not fill memory with cameras. */
  maxCameras: 64,
  dataDir: 'data',
  maxFrameBytes: 2 * 1024 * 1024,
  maxDimension: 4096,
  offlineAfterMs: 5000,
  stallAfterMs: 2000,
  /**
   * An offline camera the saved list does not hold (it was full, or another node's with a data
   * folder of its own) is dropped after this long; saved cameras stay until an admin deletes them.
   */
  forgetAfterMs: 3_600_000,
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
  demo: false,
  /** Modules of the table left out (module-table.ts), e.g. `recording`: the relay serves live without them. */
  modulesOff: [] as string[],
};

/** The settings every part of the server may read; a module's own section comes on top. */
export type CoreConfig = typeof CORE_DEFAULTS;

export const CORE_SETTINGS: Array<Setting<keyof typeof CORE_DEFAULTS>> = [
  { key: 'port', env: 'PORT', flag: 'port', kind: 'port', help: 'TCP port to listen on' },
  { key: 'host', env: 'HOST', flag: 'host', kind: 'string', help: 'address to listen on' },
  {
    key: 'captureToken',
    env: 'CAMRELAY_CAPTURE_TOKEN',
    flag: 'capture-token',
    kind: 'string',
    help: 'token capture clients must present (generated and kept in the data folder when unset)',
  },
  {
    key: 'metricsToken',
    env: 'CAMRELAY_METRICS_TOKEN',
    flag: 'metrics-token',
    kind: 'string',
    help: 'a token for Prometheus: GET /metrics answers Authorization: Bearer <token>; it always answers a signed-in admin too, and nobody else (401)',
  },
  {
    key: 'adminPassword',
    env: 'CAMRELAY_ADMIN_PASSWORD',
    flag: 'admin-password',
    kind: 'string',
    help: 'password of the first admin account (generated and printed once when unset)',
  },
  {
    key: 'allowedOrigins',
    env: 'CAMRELAY_ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    kind: 'string',
    help: "browser origins allowed besides the server's own, comma-separated",
  },
  {
    key: 'embedOrigins',
    env: 'CAMRELAY_EMBED_ORIGINS',
    flag: 'embed-origins',
    kind: 'string',
    help: "pages (origins, comma-separated) that may show a camera's stream or snapshot in an <img>",
  },
  { key: 'trustProxy', env: 'CAMRELAY_TRUST_PROXY', flag: 'trust-proxy', kind: 'bool', help: 'trust X-Forwarded-For (only behind your own reverse proxy)' },
  { key: 'tlsCert', env: 'CAMRELAY_TLS_CERT', flag: 'tls-cert', kind: 'string', help: 'PEM certificate file: serve HTTPS/WSS' },
  { key: 'tlsKey', env: 'CAMRELAY_TLS_KEY', flag: 'tls-key', kind: 'string', help: 'PEM private key file for --tls-cert' },
  { key: 'sessionTtlMs', env: 'CAMRELAY_SESSION_TTL_MS', flag: 'session-ttl-ms', kind: 'int', min: 60_000, help: 'how long a login lasts' },
  {
    key: 'maxFps',
    env: 'CAMRELAY_MAX_FPS',
    flag: 'max-fps',
    kind: 'int',
    min: 1,
    help: 'frames per second accepted per camera; the excess is dropped and counted',
  },
  {
    key: 'maxCameras',
    env: 'CAMRELAY_MAX_CAMERAS',
    flag: 'max-cameras',
    kind: 'int',
    min: 1,
    help: 'most cameras the relay keeps; new ids beyond are refused',
  },
  { key: 'dataDir', env: 'CAMRELAY_DATA_DIR', flag: 'data-dir', kind: 'string', help: 'folder for the generated token and other state' },
  { key: 'maxFrameBytes', env: 'CAMRELAY_MAX_FRAME_BYTES', flag: 'max-frame-bytes', kind: 'int', min: 1024, help: 'largest JPEG accepted, in bytes' },
  { key: 'maxDimension', env: 'CAMRELAY_MAX_DIMENSION', flag: 'max-dimension', kind: 'int', min: 16, help: 'largest width or height accepted, in pixels' },
  {
    key: 'offlineAfterMs',
    env: 'CAMRELAY_OFFLINE_AFTER_MS',
    flag: 'offline-after-ms',
    kind: 'int',
    min: 100,
    help: 'silence after which a disconnected camera is offline',
  },
  {
    key: 'stallAfterMs',
    env: 'CAMRELAY_STALL_AFTER_MS',
    flag: 'stall-after-ms',
    kind: 'int',
    min: 100,
    help: 'silence after its last frame after which a connected camera is stalled (before its first it is starting)',
  },
  {
    key: 'forgetAfterMs',
    env: 'CAMRELAY_FORGET_AFTER_MS',
    flag: 'forget-after-ms',
    kind: 'int',
    min: 1000,
    help: 'time after which an offline camera leaves the list, if the saved camera list does not hold it',
  },
  {
    key: 'logLevel',
    env: 'CAMRELAY_LOG_LEVEL',
    flag: 'log-level',
    kind: 'choice',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    help: 'fatal, error, warn, info, debug, trace or silent',
  },
  {
    key: 'demo',
    env: 'CAMRELAY_DEMO',
    flag: 'demo',
    kind: 'bool',
    help: 'the built-in test-pattern camera; only npm run demo runs one (npm start warns and runs the relay alone)',
  },
  {
    key: 'modulesOff',
    env: 'CAMRELAY_MODULES_OFF',
    flag: 'modules-off',
    kind: 'custom',
    parse: (raw) => {
      const names = raw.split(',').map((n) => n.trim());
      return names.every((n) => /^[a-z][a-z-]{0,31}$/.test(n))
        ? { ok: true, value: names }
        : { ok: false, error: 'it must be module names, comma-separated (recording,offsite)' };
    },
    help: 'modules left out of the table, comma-separated (e.g. recording,offsite,detection): the relay starts and serves live without them',
  },
];
