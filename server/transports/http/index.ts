/** `http`: the capture client's fallback for networks where Socket.IO fails: one POST per frame, and units in batches (#38). */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HTTP_DEMAND_HEADERS } from '../../../shared/demand.js';
import { CamrelayError } from '../../../shared/errors.js';
import { nameRefusal } from '../../../shared/names.js';
import { HTTP_HEADERS } from '../../../shared/protocol.js';
import { validateCameraId, validateFrameMeta } from '../../../shared/validate.js';
import { sendError } from '../../http/http-errors.js';
import { holdsCamera } from '../../relay/publisher-hold.js';
import type { Attached, Module, ModuleContext } from '../../modules/module.js';
import { UNITS_CONTENT_TYPE } from '../../../shared/units.js';
import { HttpCaptureSessions, readOffers, type HttpSession } from './capture-sessions.js';
import { ingestUnits, UNITS_BODY_MAX } from './units.js';

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
  const badName = name === undefined ? null : nameRefusal('name', name);
  if (badName) return refuse(badName);
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

/**
 * What both uploads check before a body is read: the camera id, the token (so a wrong one never costs an upload), a
 * standby sender's wait, and the offers; then the camera's session (capture-sessions.ts) is kept alive and the answer
 * carries its demand. Returns the camera id and its session, or null once the answer is sent.
 */
function admit(ctx: ModuleContext, sessions: HttpCaptureSessions, req: Request, res: Response): { cameraId: string; session: HttpSession | null } | null {
  res.setHeader(HTTP_HEADERS.serverTime, String(Date.now()));
  const id = validateCameraId(req.params.cameraId);
  if (!id.ok) {
    sendError(res, id.error);
    return null;
  }
  const ip = ctx.clientIp(req.headers, req.socket.remoteAddress ?? '');
  const refuse = (error: CamrelayError) => {
    // The body is not read: a refused upload should not cost the server its bytes.
    res.setHeader('Connection', 'close');
    sendError(res, error);
    return null;
  };
  const allowed = ctx.auth.captureToken(bearer(req), id.value, ip);
  if (!allowed.ok) return refuse(allowed.error);
  // A standby sender (an unattended program) waits while another run sends this camera, as on Socket.IO (#37 item 8).
  const run = req.headers[HTTP_HEADERS.session];
  const runSession = typeof run === 'string' ? run.slice(0, 64) : undefined;
  if (req.headers[HTTP_HEADERS.standby] === '1' && holdsCamera(ctx.relay.holder(id.value), runSession, Date.now())) {
    ctx.refusals.refused(ip, 'CAMERA_IN_USE', 'capture upload refused', { cameraId: id.value });
    return refuse(new CamrelayError('CAMERA_IN_USE'));
  }
  const offers = readOffers(req.headers[HTTP_DEMAND_HEADERS.offers]);
  if (offers instanceof CamrelayError) return refuse(offers);
  const session = sessions.touch(id.value, offers, runSession);
  // Demand is numbers and booleans: its JSON is plain ASCII, fit for a header.
  if (session) res.setHeader(HTTP_DEMAND_HEADERS.demand, JSON.stringify(session.demand.current));
  return { cameraId: id.value, session };
}

/** Reads the body with `parse` (bounded, cut when slow), then `take`s it; a body over the bound is `tooLarge`. */
function withBody(req: Request, res: Response, next: NextFunction, parse: RequestHandler, tooLarge: () => CamrelayError, take: () => void): void {
  cutSlowBody(req, res);
  void parse(req, res, (err?: unknown) => {
    if (!err) return take();
    if ((err as { type?: string }).type !== 'entity.too.large') return next(err);
    next(tooLarge());
  });
}

export const http: Module<'http'> = {
  name: 'http',
  attach(ctx) {
    const sessions = new HttpCaptureSessions(ctx.relay);
    const jpeg = express.raw({ type: 'image/jpeg', limit: ctx.config.maxFrameBytes });
    const units = express.raw({ type: UNITS_CONTENT_TYPE, limit: UNITS_BODY_MAX });
    const refused = (code: 'FRAME_TOO_LARGE' | 'BODY_TOO_LARGE') => () => {
      const error = new CamrelayError(code);
      ctx.relay.admission.noteRefused(error);
      return error;
    };
    ctx.app.post('/api/cameras/:cameraId/frames', (req, res, next) => {
      const admitted = admit(ctx, sessions, req, res);
      if (admitted) withBody(req, res, next, jpeg, refused('FRAME_TOO_LARGE'), () => ingest(ctx, admitted.cameraId, req, res));
    });
    ctx.app.post('/api/cameras/:cameraId/units', (req, res, next) => {
      const admitted = admit(ctx, sessions, req, res);
      if (admitted) withBody(req, res, next, units, refused('BODY_TOO_LARGE'), () => ingestUnits(ctx, admitted.session, req, res));
    });
    // Each upload is one request: the HTTP server's own close ends any still in flight.
    return { close: () => sessions.close() };
  },
};
