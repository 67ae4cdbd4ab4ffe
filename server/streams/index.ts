/**
 * `streams`: a camera's H.264 for other programs (#41). `GET /api/cameras/:cameraId/stream.mp4` is one
 * long fragmented MP4 (as go2rtc's stream.mp4) that ffmpeg, VLC and Frigate read, and `stream.m3u8` its
 * HLS (hls-routes.ts), both muxed by copy from the camera side's H.264; stream tokens (per camera,
 * read-only) let a player in without an account. RTSP out (rtsp-attach.ts) listens on its own port with
 * the same tokens; its settings are this module's section.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Gauge, type Registry } from 'prom-client';
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import { CamrelayError } from '../../shared/errors.js';
import { FailureLimiter } from '../auth/rate-limit.js';
import { sendError } from '../http/http-errors.js';
import type { Attached, Module } from '../modules/module.js';
import { HlsPackagers } from './hls-packagers.js';
import { ReaderSlots } from './reader-slots.js';
import { attachHlsRoutes } from './hls-routes.js';
import { attachRtsp } from './rtsp-attach.js';
import { rtspSettings, type RtspSettings } from './rtsp-settings.js';
import { SoundProbe } from './sound-probe.js';
import { requireStreamReader, STREAM_TOKEN_LIMITS, streamAllowed } from './stream-auth.js';
import { StreamReader } from './stream-reader.js';
import { StreamTokens } from './stream-tokens.js';
import { attachTokenRoutes } from './token-routes.js';

/** What the streams module offers: its RTSP port (null when off), for tests and the start-up log. */
export interface StreamsAttached extends Attached {
  rtspPort: number | null;
}

declare module '../modules/module.js' {
  interface Provided {
    streams: StreamsAttached;
  }
}

export const streams: Module<'streams', RtspSettings> & { settings: typeof rtspSettings } = {
  name: 'streams',
  settings: rtspSettings,
  async attach(ctx) {
    const { relay, log } = ctx;
    const live = relay.cameraSide.live;
    const tokens = new StreamTokens(ctx.config.dataDir);
    const readers = new Set<StreamReader>();
    // stream.mp4's places per camera and per token or account: RTSP keeps the same bounds on its own (rtsp-server.ts).
    const slots = new ReaderSlots();
    let opened = 0;
    let closing = false;
    // One limiter of wrong tokens for every stream route and RTSP: an address has ten guesses a minute in all.
    const wrongTokens = new FailureLimiter(STREAM_TOKEN_LIMITS);
    const reader = requireStreamReader(ctx, tokens, wrongTokens);
    // Each camera's sound track, as RTSP's SDP and the init segments of stream.mp4 and HLS describe it.
    // A silent camera's probe listens on only while its live H.264 is taken (a stream reader, a page, another node), or
    // was within the stream's release.
    const probe = new SoundProbe(relay.tracks.sound, {}, (cameraId) => live.streams().some(([id, rung]) => id === cameraId && rung === null));
    const packagers = new HlsPackagers(live, { sound: { probe, source: relay.tracks.sound } }, (cameraId, made) =>
      log.info({ cameraId, segments: made }, 'hls packager stopped'),
    );
    const clientIp = (req: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } }) => ctx.clientIp(req.headers, req.socket.remoteAddress ?? '');
    attachHlsRoutes({ app: ctx.app, reader, relay, live, packagers, clientIp, log });

    // Before the token routes: a new token's answer carries the port RTSP listens on (or null).
    const rtsp = await attachRtsp(ctx, tokens, probe, wrongTokens);
    attachTokenRoutes(ctx.app, ctx.requireUser, ctx.httpAuth, tokens, rtsp.port);
    // Ahead of camera-admin's DELETE (streams comes before it in the table): a deleted camera's stream tokens go with it.
    ctx.app.delete('/api/cameras/:cameraId', (req, res, next) => {
      res.once('finish', () => {
        if (res.statusCode === 200) tokens.revokeCamera(String(req.params.cameraId));
      });
      next();
    });

    ctx.app.get('/api/cameras/:cameraId/stream.mp4', reader, (req, res) => {
      const cameraId = String(req.params.cameraId);
      if (!relay.cameras.get(cameraId)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
      if (!live.canSend(cameraId)) return sendError(res, new CamrelayError('STREAM_NO_H264'));
      const slot = req.method === 'HEAD' ? null : slots.take(cameraId, res.locals.streamReader as string);
      if (slot && !slot.ok) {
        const error = new CamrelayError('STREAM_READERS_FULL');
        ctx.refusals.refused(clientIp(req), error.code, 'stream.mp4 refused', { cameraId, reader: res.locals.streamReader as string, full: slot.full });
        return sendError(res, error);
      }
      if (slot) res.once('close', slot.release);
      res.status(200).set({
        'Content-Type': 'video/mp4',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // The response never ends on its own: the socket is not worth keeping for another request.
        Connection: 'close',
      });
      if (req.method === 'HEAD') return void res.end();
      res.flushHeaders();
      // The init segment names the sound's track: known at once once heard, else after the camera's first sound frame (≤ 3 s).
      probe
        .track(cameraId)
        .then((track) => {
          if (res.destroyed || res.writableEnded) return;
          // The relay began closing during the wait (the module's close answered the probe with null).
          if (closing || !ctx.http.listening) return void res.destroy();
          const sound = track
            ? { source: relay.tracks.sound, track, changed: (t: AudioTrack) => probe.changed(cameraId, t), gone: () => probe.forget(cameraId) }
            : undefined;
          const reader = new StreamReader(
            res,
            live,
            {
              key: `stream.mp4:${++opened}`,
              cameraId,
              offlineTimeoutMs: ctx.config.offlineAfterMs,
              closing: () => !ctx.http.listening,
              allowed: streamAllowed(res),
              status: (id) => relay.cameras.get(id)?.status,
              ...(sound ? { sound } : {}),
            },
            (stats) => {
              readers.delete(reader);
              log.info(stats, 'stream.mp4 ended');
            },
          );
          readers.add(reader);
          log.info(
            { cameraId, reader: res.locals.streamReader as string, address: req.socket.remoteAddress, sound: track?.codec ?? null },
            'stream.mp4 opened',
          );
        })
        .catch((err: unknown) => {
          log.error({ cameraId, err: (err as Error).message }, 'stream.mp4 could not open');
          res.destroy();
        });
    });

    return {
      rtspPort: rtsp.port,
      close: async () => {
        closing = true;
        packagers.close();
        probe.close();
        [...readers].forEach((r) => r.end('shutdown'));
        await rtsp.close();
      },
      config: () => ({ rtspPort: rtsp.port }),
      metrics(registry: Registry) {
        rtsp.metrics(registry);
        const registers = [registry];
        new Gauge({
          name: 'camrelay_stream_readers',
          help: 'Open stream.mp4 readers (ffmpeg, VLC, Frigate…), by camera.',
          labelNames: ['camera'],
          registers,
          collect() {
            this.reset();
            for (const r of readers) this.inc({ camera: r.cameraId });
          },
        });
        new Gauge({
          name: 'camrelay_hls_readers',
          help: "HLS readers (a token or account at one address) that fetched a camera's stream.m3u8 in the last 30 s, by camera.",
          labelNames: ['camera'],
          registers,
          collect() {
            this.reset();
            for (const [camera, n] of packagers.readers()) this.set({ camera }, n);
          },
        });
        new Gauge({
          name: 'camrelay_hls_bytes',
          help: 'Bytes the HLS packagers hold in their segment windows now (each camera at most 16 MiB).',
          registers,
          collect() {
            this.set(packagers.bytes);
          },
        });
        new Gauge({
          name: 'camrelay_stream_queued_bytes',
          help: "Bytes the relay holds in stream.mp4 readers' response buffers now (each at most 4 MiB past the last unit).",
          registers,
          collect() {
            let n = 0;
            for (const r of readers) n += r.queuedBytes;
            this.set(n);
          },
        });
      },
    };
  },
};
