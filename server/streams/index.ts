/**
 * `streams`: a camera's H.264 for other programs (#41). `GET /api/cameras/:cameraId/stream.mp4` is one
 * long fragmented MP4 (as go2rtc's stream.mp4) that ffmpeg, VLC and Frigate read, muxed by copy from
 * the camera side's H.264; stream tokens (per camera, read-only) let a player in without an account.
 */
import { Gauge, type Registry } from 'prom-client';
import { CamrelayError } from '../../shared/errors.js';
import { sendError } from '../http/http-errors.js';
import type { Attached, Module } from '../modules/module.js';
import { requireStreamReader, streamAllowed } from './stream-auth.js';
import { StreamReader } from './stream-reader.js';
import { StreamTokens } from './stream-tokens.js';
import { attachTokenRoutes } from './token-routes.js';

declare module '../modules/module.js' {
  interface Provided {
    streams: Attached;
  }
}

export const streams: Module<'streams'> = {
  name: 'streams',
  attach(ctx) {
    const { relay, log } = ctx;
    const live = relay.cameraSide.live;
    const tokens = new StreamTokens(ctx.config.dataDir);
    const readers = new Set<StreamReader>();
    let opened = 0;

    attachTokenRoutes(ctx.app, ctx.requireUser, ctx.httpAuth, tokens);
    // Ahead of camera-admin's DELETE (streams comes before it in the table): a deleted camera's stream tokens go with it.
    ctx.app.delete('/api/cameras/:cameraId', (req, res, next) => {
      res.once('finish', () => {
        if (res.statusCode === 200) tokens.revokeCamera(String(req.params.cameraId));
      });
      next();
    });

    ctx.app.get('/api/cameras/:cameraId/stream.mp4', requireStreamReader(ctx, tokens), (req, res) => {
      const cameraId = String(req.params.cameraId);
      if (!relay.camera(cameraId)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
      if (!live.canSend(cameraId)) return sendError(res, new CamrelayError('STREAM_NO_H264'));
      res.status(200).set({
        'Content-Type': 'video/mp4',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // The response never ends on its own: the socket is not worth keeping for another request.
        Connection: 'close',
      });
      if (req.method === 'HEAD') return void res.end();
      res.flushHeaders();
      const reader = new StreamReader(
        res,
        live,
        {
          key: `stream.mp4:${++opened}`,
          cameraId,
          offlineTimeoutMs: ctx.config.offlineAfterMs,
          closing: () => !ctx.http.listening,
          allowed: streamAllowed(res),
          status: (id) => relay.camera(id)?.status,
        },
        (stats) => {
          readers.delete(reader);
          log.info(stats, 'stream.mp4 ended');
        },
      );
      readers.add(reader);
      log.info({ cameraId, reader: res.locals.streamReader as string, address: req.socket.remoteAddress }, 'stream.mp4 opened');
    });

    return {
      close: () => [...readers].forEach((r) => r.end('shutdown')),
      metrics(registry: Registry) {
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
