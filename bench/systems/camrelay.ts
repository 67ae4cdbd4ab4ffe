/** camrelay, started the way users start it (minus the dashboard build and banner). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startServer } from '../../server/start-server.js';
import { DEFAULTS } from '../../server/load-config.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { BENCH_ADMIN, BENCH_TOKEN } from './credentials.js';
import type { RunningSystem, StartOptions } from './system.js';

/** `redisUrl` starts the node in cluster mode (the cross-node scenario); `webrtc` offers the upgrade (`optional`). */
export async function startCamrelay(opts: StartOptions = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-bench-'));
  // The webrtc row needs the upgrade offered whatever the default becomes; other rows keep the default.
  const webrtc = opts.webrtc ? ('optional' as const) : DEFAULTS.webrtc;
  const config = {
    ...DEFAULTS,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    captureToken: BENCH_TOKEN,
    adminPassword: BENCH_ADMIN.password,
    logLevel: 'silent' as const,
    redisUrl: opts.redisUrl,
    webrtc,
    // The bench's viewers are one user on one address; the per-user and per-address socket caps
    // (32 and 64) would refuse the 50- and 100-viewer rows that a real house never reaches.
    maxSocketsPerUser: 1000,
    maxSocketsPerAddress: 1000,
    // Recording rows: every camera continuous in H.264, as an admin would turn it on (motion detection at its default).
    ...(opts.record ? { recording: { ...RECORDING_DEFAULTS, minFreeMb: 0, defaults: { ...CAMERA_DEFAULTS, mode: 'continuous' as const } } } : {}),
  };
  const server = await startServer(config, pino({ level: 'silent' }));
  return {
    port: server.port,
    heldMax: () => Math.max(0, ...server.relay.viewerLoad().map((l) => l.held)),
    recorded: () => {
      const all = server.recording.recorderCameras().map((c) => server.recording.status(c));
      const dropped = all.reduce((a, s) => a + s.dropped.queue_full + s.dropped.disk_full + s.dropped.error, 0);
      return { kept: all.reduce((a, s) => a + s.frames.kept, 0), dropped };
    },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
