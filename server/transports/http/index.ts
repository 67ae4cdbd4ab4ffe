/**
 * `http`: the capture client's fallback for networks where Socket.IO fails: units of every kind in batches (#38, #56),
 * and the frames POST, one JPEG per request, kept for capture programs already installed: both reach the same taker.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HTTP_DEMAND_HEADERS } from '../../../shared/demand.js';
import { CamrelayError, type ErrorCodeName } from '../../../shared/errors.js';
import type { FrameAck } from '../../../shared/protocol.js';
import { nameRefusal } from '../../../shared/names.js';
import { HTTP_HEADERS } from '../../../shared/protocol.js';
import { validateCameraId } from '../../../shared/validate.js';
import { sendError } from '../../http/http-errors.js';
import { holdsCamera } from '../../relay/publisher-hold.js';
import { UNIT_BOUNDS } from '../../relay/unit-kinds.js';
import { jpegTaker } from '../../relay/unit-takers.js';
import type { Attached, Module, ModuleContext } from '../../modules/module.js';
import { UNITS_CONTENT_TYPE } from '../../../shared/units.js';
import { HttpCaptureSessions, readOffers, type HttpSession } from './capture-sessions.js';
import { ingestUnits, unitsBodyMax } from './units.js';

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

function numberHeader(req: Request, name: string): number | undefined {
  const raw = req.headers[name];
  return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : undefined;
}

/** The camera's name a POST gives (x-camera-name, cut to 100 characters), undefined when none, or why it is refused. */
function nameOf(req: Request): string | undefined | CamrelayError {
  const name = typeof req.headers['x-camera-name'] === 'string' ? req.headers['x-camera-name'].slice(0, 100) : undefined;
  return (name === undefined ? null : nameRefusal('name', name)) ?? name;
}

/** Answers a taker's ack: `okStatus` and the seq, or the refusal's status and code (and Retry-After when it has one). */
function sendAck(res: Response, ack: FrameAck, okStatus: number): void {
  if (ack.ok) return void res.status(okStatus).json(ack);
  const error = new CamrelayError(ack.error, ack.message);
  const { retryAfterMs } = ack as { retryAfterMs?: number };
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  sendError(res, error);
}

/** The frames POST: its headers are a `jpeg` unit's meta, its body the JPEG, taken by the jpeg taker as a batch's are. */
function ingest(ctx: ModuleContext, cameraId: string, req: Request, res: Response): void {
  const refuse = (error: CamrelayError) => {
    ctx.relay.admission.noteRefused(error);
    sendError(res, error);
  };
  if (!req.is('image/jpeg')) return refuse(new CamrelayError('BAD_CONTENT_TYPE'));
  const meta = {
    seq: numberHeader(req, HTTP_HEADERS.seq),
    capturedAt: numberHeader(req, HTTP_HEADERS.capturedAt) ?? Date.now(),
    clockOffset: numberHeader(req, HTTP_HEADERS.clockOffset),
    session: req.headers[HTTP_HEADERS.session],
  };
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body)) return refuse(new CamrelayError('NOT_JPEG', 'The request has no JPEG body.'));
  const name = nameOf(req);
  if (name instanceof CamrelayError) return refuse(name);
  sendAck(res, jpegTaker(ctx.relay, (m, jpeg) => ctx.relay.ingest(cameraId, m, jpeg, 'http', name))(meta, body), 202);
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
    const jpeg = express.raw({ type: 'image/jpeg', limit: UNIT_BOUNDS.jpeg.maxBytes(ctx.config) });
    const units = express.raw({ type: UNITS_CONTENT_TYPE, limit: unitsBodyMax(ctx.config) });
    const refused = (code: ErrorCodeName) => () => {
      const error = new CamrelayError(code);
      ctx.relay.admission.noteRefused(error);
      return error;
    };
    ctx.app.post('/api/cameras/:cameraId/frames', (req, res, next) => {
      const admitted = admit(ctx, sessions, req, res);
      if (admitted) withBody(req, res, next, jpeg, refused(UNIT_BOUNDS.jpeg.tooLarge), () => ingest(ctx, admitted.cameraId, req, res));
    });
    ctx.app.post('/api/cameras/:cameraId/units', (req, res, next) => {
      const admitted = admit(ctx, sessions, req, res);
      if (admitted)
        withBody(req, res, next, units, refused('BODY_TOO_LARGE'), () => ingestUnits(ctx, admitted.cameraId, admitted.session, nameOf(req), req, res));
    });
    // Each upload is one request: the HTTP server's own close ends any still in flight.
    return { close: () => sessions.close() };
  },
};
