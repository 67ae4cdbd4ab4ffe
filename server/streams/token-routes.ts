/**
 * The admin's stream tokens of one camera: list, make (the token shown once, with the RTSP port its rtsp:// URL
 * needs, `rtspPort`: null when RTSP is off), revoke.
 */
import type { Express, RequestHandler } from 'express';
import type { StreamTokenCreated } from '../../shared/auth.js';
import { CamrelayError } from '../../shared/errors.js';
import { tokenLabel } from '../../shared/names.js';
import { validateCameraId } from '../../shared/validate.js';
import { requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import { STREAM_TOKENS_PER_CAMERA, type StreamTokens } from './stream-tokens.js';

export const STREAM_TOKENS_ROUTE = '/api/cameras/:cameraId/stream-tokens';

export function attachTokenRoutes(app: Express, user: RequestHandler, o: HttpAuthOptions, tokens: StreamTokens, rtspPort: number | null): void {
  const admin = requireAdmin();
  const change = requireSessionChange(o);
  const camera: RequestHandler = (req, res, next) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    res.locals.cameraId = id.value;
    next();
  };

  app.get(STREAM_TOKENS_ROUTE, user, admin, camera, (_req, res) => {
    res.json({ ok: true, tokens: tokens.list(res.locals.cameraId as string) });
  });

  app.post(STREAM_TOKENS_ROUTE, user, admin, change, camera, jsonBody(), (req, res) => {
    const label = tokenLabel((req.body as { label?: unknown } | undefined)?.label);
    if (!label.ok) return sendError(res, label.error);
    const made = tokens.create(res.locals.cameraId as string, label.value);
    if (!made) return sendError(res, new CamrelayError('BAD_REQUEST', `A camera has at most ${STREAM_TOKENS_PER_CAMERA} stream tokens; revoke one first.`));
    res.status(201).json({ ok: true, token: made.token, secret: made.secret, rtspPort } satisfies StreamTokenCreated);
  });

  app.delete(`${STREAM_TOKENS_ROUTE}/:id`, user, admin, change, camera, (req, res) => {
    if (!tokens.revoke(res.locals.cameraId as string, String(req.params.id))) return sendError(res, new CamrelayError('BAD_REQUEST', 'No such stream token.'));
    res.json({ ok: true });
  });
}
