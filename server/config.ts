/**
 * Server settings: one defaults literal, overridden by an optional JSON file, then environment
 * variables, then flags, validated once at start. A bad value is one line naming the setting (main exits with code 2).
 */
import { parseArgs } from 'node:util';
import { CamrelayError } from '../shared/errors.js';
import { DEFAULT_PORT } from '../shared/protocol.js';
import { WEBRTC_MODES, type IceServer, type WebrtcMode } from '../shared/webrtc/protocol.js';
import { isTurn, parseIceServers } from './transports/webrtc/ice-servers.js';
import { readConfigFile } from './config-file.js';

export const DEFAULTS = {
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
  /** Cluster mode: nodes share cameras and frames through this Redis. */
  redisUrl: undefined as string | undefined,
  dataDir: 'data',
  maxFrameBytes: 2 * 1024 * 1024,
  maxDimension: 4096,
  offlineAfterMs: 5000,
  stallAfterMs: 2000,
  // Socket.IO's 25 s + 20 s would leave a dead peer looking connected for 45 s; with 5 s + 5 s a
  // silent network is noticed within two heartbeats, and a slow link still has 5 s for the pong,
  // which waits behind at most two frames in flight (two 150 KB frames at 480 kbit/s).
  pingIntervalMs: 5000,
  pingTimeoutMs: 5000,
  /**
   * An offline camera the saved list does not hold (it was full, or another node's with a data
   * folder of its own) is dropped after this long; saved cameras stay until an admin deletes them.
   */
  forgetAfterMs: 3_600_000,
  /** `optional`: a dashboard toggle or `--transport webrtc` asks for it; `on`: tried by default. */
  webrtc: 'optional' as WebrtcMode,
  iceServers: [] as IceServer[],
  iceTransportPolicy: 'all' as 'all' | 'relay',
  /** coturn's `static-auth-secret`: TURN entries without credentials get short-lived ones (TURN REST). */
  turnSecret: undefined as string | undefined,
  turnTtlS: 86_400,
  /** UDP ports the server's WebRTC peers use, e.g. "50000-50100", for a firewall rule. */
  icePorts: undefined as [number, number] | undefined,
  webrtcConnectTimeoutMs: 5000,
  webrtcStallMs: 2000,
  /** Each peer is a UDP socket and DTLS/SCTP state: a signed-in user must not open thousands. */
  webrtcMaxPeers: 64,
  /** So one account (or camera) cannot take every peer: a few tabs and devices each. */
  webrtcMaxPeersPerUser: 8,
  webrtcMaxPeersPerAddress: 16,
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
  demo: false,
};

export type ServerConfig = typeof DEFAULTS;

interface Setting {
  key: keyof ServerConfig;
  env: string;
  flag: string;
  kind: 'port' | 'int' | 'string' | 'bool' | 'choice' | 'ice-servers' | 'ports';
  min?: number;
  choices?: readonly string[];
  help: string;
}

export const SETTINGS: Setting[] = [
  { key: 'port', env: 'PORT', flag: 'port', kind: 'port', help: 'TCP port to listen on' },
  { key: 'host', env: 'HOST', flag: 'host', kind: 'string', help: 'address to listen on' },
  { key: 'captureToken', env: 'CAMRELAY_CAPTURE_TOKEN', flag: 'capture-token', kind: 'string', help: 'token capture clients must present (generated and kept in the data folder when unset)' },
  { key: 'metricsToken', env: 'CAMRELAY_METRICS_TOKEN', flag: 'metrics-token', kind: 'string', help: 'when set, GET /metrics needs Authorization: Bearer <token>' },
  { key: 'adminPassword', env: 'CAMRELAY_ADMIN_PASSWORD', flag: 'admin-password', kind: 'string', help: 'password of the first admin account (generated and printed once when unset)' },
  { key: 'allowedOrigins', env: 'CAMRELAY_ALLOWED_ORIGINS', flag: 'allowed-origins', kind: 'string', help: 'browser origins allowed besides the server\'s own, comma-separated' },
  { key: 'embedOrigins', env: 'CAMRELAY_EMBED_ORIGINS', flag: 'embed-origins', kind: 'string', help: 'pages (origins, comma-separated) that may show a camera\'s stream or snapshot in an <img>' },
  { key: 'trustProxy', env: 'CAMRELAY_TRUST_PROXY', flag: 'trust-proxy', kind: 'bool', help: 'trust X-Forwarded-For (only behind your own reverse proxy)' },
  { key: 'tlsCert', env: 'CAMRELAY_TLS_CERT', flag: 'tls-cert', kind: 'string', help: 'PEM certificate file: serve HTTPS/WSS' },
  { key: 'tlsKey', env: 'CAMRELAY_TLS_KEY', flag: 'tls-key', kind: 'string', help: 'PEM private key file for --tls-cert' },
  { key: 'sessionTtlMs', env: 'CAMRELAY_SESSION_TTL_MS', flag: 'session-ttl-ms', kind: 'int', min: 60_000, help: 'how long a login lasts' },
  { key: 'maxFps', env: 'CAMRELAY_MAX_FPS', flag: 'max-fps', kind: 'int', min: 1, help: 'frames per second accepted per camera; the excess is dropped and counted' },
  { key: 'maxCameras', env: 'CAMRELAY_MAX_CAMERAS', flag: 'max-cameras', kind: 'int', min: 1, help: 'most cameras the relay keeps; new ids beyond are refused' },
  { key: 'redisUrl', env: 'CAMRELAY_REDIS_URL', flag: 'redis-url', kind: 'string', help: 'cluster mode: share cameras and frames with other nodes through this Redis (redis://host:6379)' },
  { key: 'dataDir', env: 'CAMRELAY_DATA_DIR', flag: 'data-dir', kind: 'string', help: 'folder for the generated token and other state' },
  { key: 'maxFrameBytes', env: 'CAMRELAY_MAX_FRAME_BYTES', flag: 'max-frame-bytes', kind: 'int', min: 1024, help: 'largest JPEG accepted, in bytes' },
  { key: 'maxDimension', env: 'CAMRELAY_MAX_DIMENSION', flag: 'max-dimension', kind: 'int', min: 16, help: 'largest width or height accepted, in pixels' },
  { key: 'offlineAfterMs', env: 'CAMRELAY_OFFLINE_AFTER_MS', flag: 'offline-after-ms', kind: 'int', min: 100, help: 'silence after which a disconnected camera is offline' },
  { key: 'stallAfterMs', env: 'CAMRELAY_STALL_AFTER_MS', flag: 'stall-after-ms', kind: 'int', min: 100, help: 'silence after which a connected camera is stalled' },
  { key: 'pingIntervalMs', env: 'CAMRELAY_PING_INTERVAL_MS', flag: 'ping-interval-ms', kind: 'int', min: 100, help: 'Socket.IO heartbeat interval' },
  { key: 'pingTimeoutMs', env: 'CAMRELAY_PING_TIMEOUT_MS', flag: 'ping-timeout-ms', kind: 'int', min: 100, help: 'Socket.IO heartbeat timeout' },
  { key: 'forgetAfterMs', env: 'CAMRELAY_FORGET_AFTER_MS', flag: 'forget-after-ms', kind: 'int', min: 1000, help: 'time after which an offline camera leaves the list, if the saved camera list does not hold it' },
  { key: 'webrtc', env: 'CAMRELAY_WEBRTC', flag: 'webrtc', kind: 'choice', choices: WEBRTC_MODES, help: 'WebRTC upgrade: off, optional (when a user asks) or on (tried by default)' },
  { key: 'iceServers', env: 'CAMRELAY_ICE_SERVERS', flag: 'ice-servers', kind: 'ice-servers', help: 'STUN/TURN servers, a JSON array in the browser\'s RTCIceServer format' },
  { key: 'iceTransportPolicy', env: 'CAMRELAY_ICE_TRANSPORT_POLICY', flag: 'ice-transport-policy', kind: 'choice', choices: ['all', 'relay'], help: 'relay: WebRTC only through TURN' },
  { key: 'turnSecret', env: 'CAMRELAY_TURN_SECRET', flag: 'turn-secret', kind: 'string', help: 'shared secret of the TURN server (coturn static-auth-secret): short-lived credentials' },
  { key: 'turnTtlS', env: 'CAMRELAY_TURN_TTL_S', flag: 'turn-ttl-s', kind: 'int', min: 60, help: 'lifetime of generated TURN credentials, in seconds' },
  { key: 'icePorts', env: 'CAMRELAY_ICE_PORTS', flag: 'ice-ports', kind: 'ports', help: 'UDP port range of the server\'s WebRTC peers, e.g. 50000-50100' },
  { key: 'webrtcConnectTimeoutMs', env: 'CAMRELAY_WEBRTC_CONNECT_TIMEOUT_MS', flag: 'webrtc-connect-timeout-ms', kind: 'int', min: 500, help: 'ICE must connect within this long or the upgrade is abandoned' },
  { key: 'webrtcStallMs', env: 'CAMRELAY_WEBRTC_STALL_MS', flag: 'webrtc-stall-ms', kind: 'int', min: 250, help: 'no frame over WebRTC for this long, camera live: back to Socket.IO' },
  { key: 'webrtcMaxPeers', env: 'CAMRELAY_WEBRTC_MAX_PEERS', flag: 'webrtc-max-peers', kind: 'int', min: 1, help: 'most WebRTC peers at once; further upgrades are refused' },
  { key: 'webrtcMaxPeersPerUser', env: 'CAMRELAY_WEBRTC_MAX_PEERS_PER_USER', flag: 'webrtc-max-peers-per-user', kind: 'int', min: 1, help: 'most WebRTC peers of one account (or one camera) at once' },
  { key: 'webrtcMaxPeersPerAddress', env: 'CAMRELAY_WEBRTC_MAX_PEERS_PER_ADDRESS', flag: 'webrtc-max-peers-per-address', kind: 'int', min: 1, help: 'most WebRTC peers from one address at once' },
  { key: 'logLevel', env: 'CAMRELAY_LOG_LEVEL', flag: 'log-level', kind: 'choice', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], help: 'fatal, error, warn, info, debug, trace or silent' },
  { key: 'demo', env: 'CAMRELAY_DEMO', flag: 'demo', kind: 'bool', help: 'also run a built-in test-pattern camera' },
];

function parseValue(s: Setting, raw: string, source: string): unknown {
  const bad = (why: string) => new CamrelayError('BAD_CONFIG', `${source}=${JSON.stringify(raw)} is not valid: ${why}.`);
  switch (s.kind) {
    case 'string':
      if (raw === '') throw bad('it must not be empty');
      return raw;
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw bad('use true or false');
    case 'choice':
      if (!s.choices!.includes(raw)) throw bad(`use one of ${s.choices!.join(', ')}`);
      return raw;
    case 'ice-servers': {
      const parsed = parseIceServers(raw);
      if (!parsed.ok) throw bad(parsed.why);
      return parsed.value;
    }
    case 'ports': {
      const m = /^(\d{1,5})-(\d{1,5})$/.exec(raw);
      const [min, max] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
      if (!m || min < 1024 || max > 65535 || min >= max) throw bad('use two ports from 1024 to 65535, low-high, e.g. 50000-50100');
      return [min, max];
    }
    default: {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw bad('it must be a whole number');
      if (s.kind === 'port' && (n < 0 || n > 65535)) throw bad('a port is 0-65535');
      if (s.min !== undefined && n < s.min) throw bad(`the minimum is ${s.min}`);
      return n;
    }
  }
}

export interface ParsedCommand {
  config: ServerConfig;
  help: boolean;
  version: boolean;
}

/** Builds the config from env and argv; throws CamrelayError('BAD_CONFIG') with a one-line message. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCommand {
  const options = Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: s.kind === 'bool' ? 'boolean' : 'string' } as const]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, config: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } }, strict: true }));
  } catch (err) {
    throw new CamrelayError('BAD_CONFIG', (err as Error).message);
  }
  const config: Record<string, unknown> = { ...DEFAULTS };
  const file = typeof values.config === 'string' ? values.config : env.CAMRELAY_CONFIG;
  const fromFile = file ? readConfigFile(file, SETTINGS.map((s) => s.key)) : new Map<string, string>();
  for (const s of SETTINGS) {
    const inFile = fromFile.get(s.key);
    if (inFile !== undefined) config[s.key] = parseValue(s, inFile, `${file}: ${s.key}`);
    const fromEnv = env[s.env];
    if (fromEnv !== undefined && fromEnv !== '') config[s.key] = parseValue(s, fromEnv, s.env);
    const fromFlag = values[s.flag];
    if (typeof fromFlag === 'string') config[s.key] = parseValue(s, fromFlag, `--${s.flag}`);
    if (fromFlag === true) config[s.key] = true;
  }
  const turnWithoutCredentials = (config.iceServers as IceServer[]).some((server) => isTurn(server) && server.username === undefined);
  if (turnWithoutCredentials && !config.turnSecret) throw new CamrelayError('BAD_CONFIG', 'CAMRELAY_ICE_SERVERS has a TURN server without username and credential: set them, or CAMRELAY_TURN_SECRET for short-lived ones.');
  return { config: config as ServerConfig, help: values.help === true, version: values.version === true };
}

export function usage(): string {
  const lines = SETTINGS.map((s) => `  --${s.flag.padEnd(18)} ${s.env.padEnd(28)} ${s.help} (default: ${DEFAULTS[s.key] === undefined ? 'none' : JSON.stringify(DEFAULTS[s.key])})`);
  return ['Usage: npm start -- [options]', '', '  flag                 environment variable', ...lines, '  --config <file>      CAMRELAY_CONFIG              a JSON file of settings, keys as in docs/configuration.md', '  --help, --version'].join('\n');
}
