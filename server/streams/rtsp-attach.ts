/**
 * RTSP out (#41), `rtsp://<relay>:8554/<camera>`, the URL Home Assistant's stream component, NVRs and
 * Frigate take: part of the `streams` module (index.ts), which owns its settings and hands it the stream
 * tokens. The camera side's H.264 by copy as RTP over the RTSP connection (RFC 6184), opened with the
 * camera's stream tokens as stream.mp4 is. Hand-written rather than a library: see docs/streams.md, RTSP.
 */
import { Gauge, type Registry } from 'prom-client';
import type { FailureLimiter } from '../auth/rate-limit.js';
import type { ModuleContext } from '../modules/module.js';
import { RtspServer } from './rtsp-server.js';
import type { RtspSettings } from './rtsp-settings.js';
import type { SoundProbe } from './sound-probe.js';
import type { StreamTokens } from './stream-tokens.js';

/** The RTSP side of the streams module: its port (null when off, or when the port was taken), close and metrics. */
export interface RtspAttached {
  port: number | null;
  close(): void | Promise<void>;
  metrics(registry: Registry): void;
}

/** `wrongTokens`: the streams module's one limiter of wrong stream tokens per address (stream.mp4's and HLS's too). */
export async function attachRtsp(
  ctx: ModuleContext<RtspSettings>,
  tokens: StreamTokens,
  probe: SoundProbe,
  wrongTokens: FailureLimiter,
): Promise<RtspAttached> {
  const { config, log } = ctx;
  if (config.rtspPort === null) return { port: null, close: () => undefined, metrics: () => undefined };
  const server = new RtspServer(
    {
      live: ctx.relay.cameraSide.live,
      camera: (id) => ctx.relay.cameras.get(id),
      tokens,
      wrongTokens,
      log,
      sound: ctx.relay.tracks.sound,
      probe,
      refused: (address, code, message, fields) => ctx.refusals.refused(address, code, message, fields),
    },
    {
      offlineTimeoutMs: config.offlineAfterMs,
      maxReaders: config.rtspMaxReaders,
      maxReadersPerCamera: config.rtspMaxReadersPerCamera,
      maxConnectionsPerAddress: config.rtspMaxConnectionsPerAddress,
    },
  );
  let port: number | null;
  try {
    port = await server.listen(config.rtspPort, config.host);
    log.info({ port }, 'rtsp listening');
  } catch (err) {
    // Often another RTSP server (MediaMTX, go2rtc) holds 8554 on a camera box: the relay runs on without RTSP.
    log.error({ port: config.rtspPort, err: (err as Error).message }, 'rtsp off: its port could not be opened (CAMRELAY_RTSP_PORT)');
    port = null;
  }
  return {
    port,
    close: () => (port === null ? undefined : server.close()),
    metrics(registry: Registry) {
      const registers = [registry];
      new Gauge({
        name: 'camrelay_rtsp_readers',
        help: 'RTSP readers playing now, by camera.',
        labelNames: ['camera'],
        registers,
        collect() {
          this.reset();
          for (const [camera, n] of server.readers()) this.set({ camera }, n);
        },
      });
      new Gauge({
        name: 'camrelay_rtsp_queued_bytes',
        help: "Bytes the relay holds in RTSP connections' buffers now (a reader's at most 2 MiB past the last unit, answers not read at most 64 KiB past the last).",
        registers,
        collect() {
          this.set(server.queuedBytes);
        },
      });
    },
  };
}
