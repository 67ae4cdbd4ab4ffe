/** The socketio transport's settings section: its heartbeat, and how many `/monitor` connections one user and one address may hold. */
import type { SettingsSection } from '../../config/settings.js';

const defaults = {
  // Socket.IO's 25 s + 20 s would leave a dead peer looking connected for 45 s; with 5 s + 5 s a
  // silent network is noticed within two heartbeats, and a slow link still has 5 s for the pong,
  // which waits behind at most two frames in flight (two 150 KB frames at 480 kbit/s).
  pingIntervalMs: 5000,
  pingTimeoutMs: 5000,
  /**
   * Each connection holds a viewer, its slots and its subscription. 32: a person's tabs and devices
   * with room to spare (the Live Monitor opens one per tab, its Diagnostics probes one more briefly).
   */
  maxSocketsPerUser: 32,
  /** 64: two users' worth behind one NAT or proxy address; raise it for an office behind one address. */
  maxSocketsPerAddress: 64,
};

export type SocketioSettings = typeof defaults;

export const socketioSettings: SettingsSection<SocketioSettings> = {
  defaults,
  settings: [
    { key: 'pingIntervalMs', env: 'CAMRELAY_PING_INTERVAL_MS', flag: 'ping-interval-ms', kind: 'int', min: 100, help: 'Socket.IO heartbeat interval' },
    { key: 'pingTimeoutMs', env: 'CAMRELAY_PING_TIMEOUT_MS', flag: 'ping-timeout-ms', kind: 'int', min: 100, help: 'Socket.IO heartbeat timeout' },
    {
      key: 'maxSocketsPerUser',
      env: 'CAMRELAY_MAX_SOCKETS_PER_USER',
      flag: 'max-sockets-per-user',
      kind: 'int',
      min: 1,
      help: 'most Live Monitor connections one user may hold at once (TOO_MANY_SOCKETS past it)',
    },
    {
      key: 'maxSocketsPerAddress',
      env: 'CAMRELAY_MAX_SOCKETS_PER_ADDRESS',
      flag: 'max-sockets-per-address',
      kind: 'int',
      min: 1,
      help: 'most Live Monitor connections from one address at once (TOO_MANY_SOCKETS past it)',
    },
  ],
};
