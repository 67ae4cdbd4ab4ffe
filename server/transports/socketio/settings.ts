/** The socketio transport's settings section: how many `/monitor` connections one user and one address may hold. */
import type { SettingsSection } from '../../settings.js';

const defaults = {
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
