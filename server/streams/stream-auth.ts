/**
 * Who may open a camera's stream.mp4: a stream token of that camera (`?token=`, or the password of
 * HTTP Basic with any user name, as VLC and ffmpeg send it), or a signed-in browser session that may
 * see the camera. Basic never carries an account's password here: a player's config is no place for
 * one, and a stream token reaches one camera, read-only.
 */
import type { RequestHandler, Response } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { validateCameraId } from '../../shared/validate.js';
import { canView } from '../auth/authenticator.js';
import { principalOf } from '../auth/http.js';
import type { FailureLimiter } from '../auth/rate-limit.js';
import { sendError } from '../http/http-errors.js';
import { stillAllowed } from '../transports/stream-watch.js';
import type { ModuleContext } from '../modules/module.js';
import type { StreamTokens } from './stream-tokens.js';

/**
 * Ten wrong tokens a minute from one address block it for a minute, as camera tokens do (docs/security.md): one
 * count per address for stream.mp4, HLS and RTSP together (the streams module's one limiter), not ten more per door.
 */
export const STREAM_TOKEN_LIMITS = { maxFailures: 10, windowMs: 60_000, blockMs: 60_000, maxKeys: 10_000 };

/** An address as the wrong-token limiter counts it: an IPv4 address seen on a dual-stack socket as ::ffff:a.b.c.d is a.b.c.d. */
export const unmapped = (address: string): string => address.replace(/^::ffff:/, '');

/** The token a request carries: `?token=`, else Basic's password; undefined when none. */
export function tokenOf(query: unknown, authorization: string | undefined): string | undefined {
  if (typeof query === 'string') return query;
  const basic = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Whether the stream a request opened may go on: its token not revoked, or its session's rights unchanged. */
export function streamAllowed(res: Response): () => boolean {
  return (res.locals.streamAllowed as (() => boolean) | undefined) ?? (() => false);
}

/** `limiter`: the wrong stream tokens per address, shared with RTSP. */
export function requireStreamReader(ctx: Pick<ModuleContext, 'auth' | 'clientIp'>, tokens: StreamTokens, limiter: FailureLimiter): RequestHandler {
  return (req, res, next) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const cameraId = id.value;
    const refuse = () => {
      // The challenge makes VLC and ffmpeg ask for the token; the message says what to give.
      res.setHeader('WWW-Authenticate', 'Basic realm="camrelay stream", charset="UTF-8"');
      sendError(res, new CamrelayError('BAD_STREAM_TOKEN'));
    };
    const ip = unmapped(ctx.clientIp(req.headers, req.socket.remoteAddress ?? ''));
    const token = tokenOf(req.query.token, req.headers.authorization);
    if (token !== undefined) {
      const wait = limiter.retryAfter(ip);
      if (wait > 0) {
        const error = new CamrelayError('TOO_MANY_ATTEMPTS', `Too many wrong stream tokens from this address; try again in ${Math.ceil(wait / 1000)} s.`);
        error.retryAfterMs = wait;
        return sendError(res, error);
      }
      const tokenId = tokens.match(cameraId, token);
      if (tokenId === null) {
        limiter.fail(ip);
        return refuse();
      }
      res.locals.streamAllowed = () => tokens.has(tokenId);
      res.locals.streamReader = `token:${tokenId}`;
      return next();
    }
    // Only the cookie: a Basic account password is not taken here (see above).
    if (!req.headers.cookie) return refuse();
    ctx.auth.fromHeaders({ cookie: req.headers.cookie }, ip).then((who) => {
      if (!who.ok || !canView(who.value, cameraId)) return refuse();
      res.locals.principal = who.value;
      res.locals.streamAllowed = stillAllowed(ctx, principalOf(res), cameraId);
      res.locals.streamReader = `user:${who.value.username}`;
      next();
    }, next);
  };
}
