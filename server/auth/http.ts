/** Express middleware: who is asking, whether they may, and whether the request is same-origin. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PAGE_REQUEST_HEADER } from '../../shared/auth.js';
import { CamrelayError } from '../../shared/errors.js';
import { sendError } from '../http/http-errors.js';
import { type Authenticator, type Principal } from './authenticator.js';
import { originAllowed, originRefusal, sameOrigin, type OriginPolicy } from './origin.js';

export type HttpAuthOptions = OriginPolicy;

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** Refuses browser requests from other origins, before anything else reads them. */
export function checkOrigin(o: HttpAuthOptions): RequestHandler {
  return (req, res, next) => (originAllowed(o, req.headers) ? next() : sendError(res, new CamrelayError('BAD_ORIGIN', originRefusal(o, req.headers))));
}

/** Needs a signed-in user (cookie or Basic); puts it in `res.locals.principal`. */
export function requireUser(auth: Authenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    auth.fromHeaders(req.headers, req.ip ?? '').then((result) => {
      if (!result.ok) {
        // The Basic challenge lets VLC, ffmpeg and curl sign in; to a page's own fetch() it would
        // bring up the browser's password box instead of the Live Monitor's login form.
        const fromScript = ['cors', 'same-origin'].includes(String(req.headers['sec-fetch-mode'])) || req.headers[PAGE_REQUEST_HEADER] !== undefined;
        if (!fromScript && (result.error.code === 'AUTH_REQUIRED' || result.error.code === 'BAD_CREDENTIALS'))
          res.setHeader('WWW-Authenticate', 'Basic realm="camrelay", charset="UTF-8"');
        return sendError(res, result.error);
      }
      res.locals.principal = result.value;
      next();
    }, next);
  };
}

/** For state changes: a session cookie (not Basic) and a same-origin request. */
export function requireSessionChange(o: HttpAuthOptions): RequestHandler {
  return (req, res, next) => {
    if (!sameOrigin(o, req.headers)) return sendError(res, new CamrelayError('BAD_ORIGIN', originRefusal(o, req.headers)));
    if (!principalOf(res).sessionId)
      return sendError(res, new CamrelayError('BAD_ORIGIN', 'State changes need the session cookie of a signed-in browser (or the admin CLI).'));
    next();
  };
}

export function requireAdmin(): RequestHandler {
  return (_req, res, next) => (principalOf(res).role === 'admin' ? next() : sendError(res, new CamrelayError('FORBIDDEN')));
}
