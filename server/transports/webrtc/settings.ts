/** The webrtc transport's settings section: defaults, their env/flag spellings, and the TURN rule. */
import { WEBRTC_MODES, type IceServer, type WebrtcMode } from '../../../shared/webrtc/protocol.js';
import type { SettingsSection } from '../../config/settings.js';
import { isTurn, parseIceServers } from './ice-servers.js';

const defaults = {
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
};

export type WebrtcSettings = typeof defaults;

function parsePorts(raw: string) {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(raw);
  const [min, max] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || min < 1024 || max > 65535 || min >= max) return { ok: false as const, error: 'use two ports from 1024 to 65535, low-high, e.g. 50000-50100' };
  return { ok: true as const, value: [min, max] };
}

export const webrtcSettings: SettingsSection<WebrtcSettings> = {
  defaults,
  settings: [
    {
      key: 'webrtc',
      env: 'CAMRELAY_WEBRTC',
      flag: 'webrtc',
      kind: 'choice',
      choices: WEBRTC_MODES,
      help: 'WebRTC upgrade: off, optional (when a user asks) or on (tried by default)',
    },
    {
      key: 'iceServers',
      env: 'CAMRELAY_ICE_SERVERS',
      flag: 'ice-servers',
      kind: 'custom',
      parse: parseIceServers,
      help: "STUN/TURN servers, a JSON array in the browser's RTCIceServer format",
    },
    {
      key: 'iceTransportPolicy',
      env: 'CAMRELAY_ICE_TRANSPORT_POLICY',
      flag: 'ice-transport-policy',
      kind: 'choice',
      choices: ['all', 'relay'],
      help: 'relay: WebRTC only through TURN',
    },
    {
      key: 'turnSecret',
      env: 'CAMRELAY_TURN_SECRET',
      flag: 'turn-secret',
      kind: 'string',
      help: 'shared secret of the TURN server (coturn static-auth-secret): short-lived credentials',
    },
    { key: 'turnTtlS', env: 'CAMRELAY_TURN_TTL_S', flag: 'turn-ttl-s', kind: 'int', min: 60, help: 'lifetime of generated TURN credentials, in seconds' },
    {
      key: 'icePorts',
      env: 'CAMRELAY_ICE_PORTS',
      flag: 'ice-ports',
      kind: 'custom',
      parse: parsePorts,
      help: "UDP port range of the server's WebRTC peers, e.g. 50000-50100",
    },
    {
      key: 'webrtcConnectTimeoutMs',
      env: 'CAMRELAY_WEBRTC_CONNECT_TIMEOUT_MS',
      flag: 'webrtc-connect-timeout-ms',
      kind: 'int',
      min: 500,
      help: 'ICE must connect within this long or the upgrade is abandoned',
    },
    {
      key: 'webrtcStallMs',
      env: 'CAMRELAY_WEBRTC_STALL_MS',
      flag: 'webrtc-stall-ms',
      kind: 'int',
      min: 250,
      help: 'no frame over WebRTC for this long, camera live: back to Socket.IO',
    },
    {
      key: 'webrtcMaxPeers',
      env: 'CAMRELAY_WEBRTC_MAX_PEERS',
      flag: 'webrtc-max-peers',
      kind: 'int',
      min: 1,
      help: 'most WebRTC peers at once; further upgrades are refused',
    },
    {
      key: 'webrtcMaxPeersPerUser',
      env: 'CAMRELAY_WEBRTC_MAX_PEERS_PER_USER',
      flag: 'webrtc-max-peers-per-user',
      kind: 'int',
      min: 1,
      help: 'most WebRTC peers of one account (or one camera) at once',
    },
    {
      key: 'webrtcMaxPeersPerAddress',
      env: 'CAMRELAY_WEBRTC_MAX_PEERS_PER_ADDRESS',
      flag: 'webrtc-max-peers-per-address',
      kind: 'int',
      min: 1,
      help: 'most WebRTC peers from one address at once',
    },
  ],
  check(c) {
    const turnWithoutCredentials = c.iceServers.some((server) => isTurn(server) && server.username === undefined);
    if (turnWithoutCredentials && !c.turnSecret)
      return 'CAMRELAY_ICE_SERVERS has a TURN server without username and credential: set them, or CAMRELAY_TURN_SECRET for short-lived ones.';
    return null;
  },
};
