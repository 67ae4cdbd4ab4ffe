/**
 * `mjpeg`: `GET /api/cameras/:cameraId/stream.mjpeg`, one camera as an endless
 * multipart/x-mixed-replace response that an <img>, VLC or ffmpeg shows with no script.
 */
import { CamrelayError } from '../../../shared/errors.js';
import { validateCameraId } from '../../../shared/validate.js';
import { sendError } from '../../http/http-errors.js';
import { principalOf } from '../../auth/http.js';
import { stillAllowed } from '../stream-watch.js';
import type { Attached, Module } from '../../modules/module.js';
import { parseWidth } from '../../http/query-width.js';
import { parseFps } from './fps-cap.js';
import { contentType } from './multipart.js';
import { MjpegStream } from './stream.js';

declare module '../../modules/module.js' {
  interface Provided {
    mjpeg: Attached;
  }
}

export const mjpeg: Module<'mjpeg'> = {
  name: 'mjpeg',
  attach(ctx) {
    const { relay, log } = ctx;
    const server = ctx.http;
    const streams = new Set<MjpegStream>();

    ctx.app.get('/api/cameras/:cameraId/stream.mjpeg', ctx.requireCameraViewer, (req, res) => {
      const id = validateCameraId(req.params.cameraId);
      if (!id.ok) return sendError(res, id.error);
      const fps = parseFps(req.query.fps);
      if (!fps.ok) return sendError(res, fps.error);
      const width = parseWidth(req.query.width);
      if (!width.ok) return sendError(res, width.error);
      if (!relay.cameras.get(id.value)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));

      res.status(200).set({
        'Content-Type': contentType(),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // The response never ends on its own: the socket is not worth keeping for another request.
        Connection: 'close',
      });
      if (req.method === 'HEAD') return void res.end();
      // Headers now: a camera with no frame yet should not leave the client waiting for them.
      res.flushHeaders();

      const cameraId = id.value;
      const stream = new MjpegStream(
        res,
        relay,
        {
          cameraId,
          fps: fps.value,
          width: width.value,
          offlineTimeoutMs: ctx.config.offlineAfterMs,
          closing: () => !server.listening,
          allowed: stillAllowed(ctx, principalOf(res), cameraId),
        },
        (stats) => {
          streams.delete(stream);
          log.info(stats, 'mjpeg stream ended');
        },
      );
      streams.add(stream);
      log.info({ cameraId, fps: fps.value, width: width.value, address: req.socket.remoteAddress }, 'mjpeg stream opened');
    });

    return {
      // Each stream ends with its close delimiter, so a client knows the end was meant.
      close: () => [...streams].forEach((stream) => stream.end('shutdown')),
    };
  },
};
