/** The rtsp module's settings section: its port (or off), the readers' limits and the connections' per address. */
import type { SettingsSection } from '../config/settings.js';
import { RTSP_SERVER_DEFAULTS } from './rtsp-server.js';

const defaults = {
  /** RTSP's registered port, where Home Assistant, NVRs and Frigate look first; null: no RTSP. */
  rtspPort: 8554 as number | null,
  rtspMaxReaders: RTSP_SERVER_DEFAULTS.maxReaders,
  rtspMaxReadersPerCamera: RTSP_SERVER_DEFAULTS.maxReadersPerCamera,
  rtspMaxConnectionsPerAddress: RTSP_SERVER_DEFAULTS.maxConnectionsPerAddress,
};

export type RtspSettings = typeof defaults;

function parsePort(raw: string) {
  if (/^off$/i.test(raw)) return { ok: true as const, value: null };
  const n = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || n > 65535) return { ok: false as const, error: 'use a port (0-65535, 0 picks a free one) or off' };
  return { ok: true as const, value: n };
}

export const rtspSettings: SettingsSection<RtspSettings> = {
  defaults,
  settings: [
    {
      key: 'rtspPort',
      env: 'CAMRELAY_RTSP_PORT',
      flag: 'rtsp-port',
      kind: 'custom',
      parse: parsePort,
      help: 'TCP port of RTSP out (0 picks a free one, off: none)',
    },
    { key: 'rtspMaxReaders', env: 'CAMRELAY_RTSP_MAX_READERS', flag: 'rtsp-max-readers', kind: 'int', min: 1, help: 'most RTSP readers playing at once' },
    {
      key: 'rtspMaxReadersPerCamera',
      env: 'CAMRELAY_RTSP_MAX_READERS_PER_CAMERA',
      flag: 'rtsp-max-readers-per-camera',
      kind: 'int',
      min: 1,
      help: 'most RTSP readers playing one camera at once',
    },
    {
      key: 'rtspMaxConnectionsPerAddress',
      env: 'CAMRELAY_RTSP_MAX_CONNECTIONS_PER_ADDRESS',
      flag: 'rtsp-max-connections-per-address',
      kind: 'int',
      min: 1,
      help: 'most RTSP connections open from one address at once',
    },
  ],
};
