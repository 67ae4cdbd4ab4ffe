/** `http`: the capture client's fallback, one POST per frame, for networks where Socket.IO fails. */
import express, { type Request, type Response } from 'express';
import { CamrelayError } from '../../../shared/errors.js';
import { HTTP_HEADERS } from '../../../shared/protocol.js';
import { validateCameraId, validateFrameMeta } from '../../../shared/validate.js';
import { sendError } from '../../http/http-errors.js';
import { holdsCamera } from '../../relay/publisher-hold.js';
import type { Attached, Module, ModuleContext } from '../../modules/module.js';

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

function numberHeader(req: Request, name: string): number | undefined {
  const raw = req.headers[name];
  return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : undefined;
}

function ingest(ctx: ModuleContext, cameraId: string, req: Request, res: Response): void {
  const refuse = (error: CamrelayError) => {
    ctx.relay.admission.noteRefused(error);
    sendError(res, error);
  };
  if (!req.is('image/jpeg')) return refuse(new CamrelayError('BAD_CONTENT_TYPE'));
  const meta = validateFrameMeta({
    seq: numberHeader(req, HTTP_HEADERS.seq),
    capturedAt: numberHeader(req, HTTP_HEADERS.capturedAt) ?? Date.now(),
    clockOffset: numberHeader(req, HTTP_HEADERS.clockOffset),
    session: req.headers[HTTP_HEADERS.session],
  });
  if (!meta.ok) return refuse(meta.error);
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body)) return refuse(new CamrelayError('NOT_JPEG', 'The request has no JPEG body.'));
  const name = typeof req.headers['x-camera-name'] === 'string' ? req.headers['x-camera-name'].slice(0, 100) : undefined;
  const result = ctx.relay.ingest(cameraId, meta.value, body, 'http', name);
  if (!result.ok) return sendError(res, result.error);
  res.status(202).json({ ok: true, seq: result.value.seq });
}

/**
 * A body that brings under 5 KB in any 5 s is cut: a slow-loris upload (or one that stalls after the
 * size limit, which the body parser drains before answering) must not hold a socket.
 */
function cutSlowBody(req: Request, res: Response): void {
  let received = 0;
  // Bytes received at each of the last six whole seconds, the first at the start.
  const samples = [0];
  req.on('data', (chunk: Buffer) => (received += chunk.length));
  const timer = setInterval(() => {
    if (req.complete || res.headersSent) return clearInterval(timer);
    samples.push(received);
    if (samples.length > 6) samples.shift();
    if (samples.length === 6 && received - samples[0]! < 5 * 1024) {
      clearInterval(timer);
      res.setHeader('Connection', 'close');
      sendError(res, new CamrelayError('SLOW_REQUEST'));
      res.once('finish', () => req.destroy());
    }
  }, 1000);
  timer.unref();
  res.once('close', () => clearInterval(timer));
}

declare module '../../modules/module.js' {
  interface Provided {
    http: Attached;
  }
}

export const http: Module<'http'> = {
  name: 'http',
  attach(ctx) {
    // The token is checked before the body is read, so a wrong token never costs an upload.
    const raw = express.raw({ type: 'image/jpeg', limit: ctx.config.maxFrameBytes });
    ctx.app.post('/api/cameras/:cameraId/frames', (req, res, next) => {
      res.setHeader(HTTP_HEADERS.serverTime, String(Date.now()));
      const id = validateCameraId(req.params.cameraId);
      if (!id.ok) return sendError(res, id.error);
      const allowed = ctx.auth.captureToken(bearer(req), id.value, ctx.clientIp(req.headers, req.socket.remoteAddress ?? ''));
      if (!allowed.ok) {
        // The body is not read: a refused upload should not cost the server its bytes.
        res.setHeader('Connection', 'close');
        return sendError(res, allowed.error);
      }
      // A standby sender (an unattended program) waits while another run sends this camera, as on Socket.IO (#37 item 8).
      const session = req.headers[HTTP_HEADERS.session];
      if (req.headers[HTTP_HEADERS.standby] === '1' && holdsCamera(ctx.relay.holder(id.value), typeof session === 'string' ? session : undefined, Date.now())) {
        ctx.refusals.refused(ctx.clientIp(req.headers, req.socket.remoteAddress ?? ''), 'CAMERA_IN_USE', 'capture upload refused', { cameraId: id.value });
        res.setHeader('Connection', 'close');
        return sendError(res, new CamrelayError('CAMERA_IN_USE'));
      }
      cutSlowBody(req, res);
      raw(req, res, (err?: unknown) => {
        if (!err) return ingest(ctx, id.value, req, res);
        if ((err as { type?: string }).type !== 'entity.too.large') return next(err);
        const tooLarge = new CamrelayError('FRAME_TOO_LARGE');
        ctx.relay.admission.noteRefused(tooLarge);
        next(tooLarge);
      });
    });
    // Each upload is one request: the HTTP server's own close ends any still in flight.
    return { close() {} };
  },
};
