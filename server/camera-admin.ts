/**
 * The admin's changes to the camera list, shared by every viewer: name, group, order, and delete
 * (which also revokes the camera's own tokens). Same rules as the other admin routes: an admin's
 * session cookie on a same-origin request.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../shared/errors.js';
import { validateCameraId, validateCameraOrder, validateCameraSettings } from '../shared/validate.js';
import { requireAdmin, requireSessionChange, type HttpAuthOptions } from './auth/http.js';
import type { AuthStore } from './auth/store.js';
import { jsonBody } from './body-deadline.js';
import { sendError } from './http-errors.js';
import type { CameraKeeper } from './relay/camera-keeper.js';

/** Registers PATCH /api/cameras/:id, PUT /api/cameras/order and DELETE /api/cameras/:id. */
export function attachCameraAdmin(app: Express, cameras: CameraKeeper, store: AuthStore, user: RequestHandler, o: HttpAuthOptions): void {
  const json = jsonBody();
  const admin = requireAdmin();
  const change = requireSessionChange(o);

  app.put('/api/cameras/order', user, admin, change, json, (req, res) => {
    const ids = validateCameraOrder(req.body);
    if (!ids.ok) return sendError(res, ids.error);
    res.json({ ok: true, ids: cameras.reorder(ids.value) });
  });

  app.patch('/api/cameras/:cameraId', user, admin, change, json, (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const settings = validateCameraSettings(req.body);
    if (!settings.ok) return sendError(res, settings.error);
    const updated = cameras.update(id.value, settings.value);
    if (!updated.ok) return sendError(res, updated.error);
    res.json({ ok: true, camera: updated.value });
  });

  app.delete('/api/cameras/:cameraId', user, admin, change, (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    if (!cameras.knows(id.value)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    // Tokens first: a client on one of them is told REVOKED and stays away, instead of coming back.
    let revokedTokens = 0;
    for (const token of store.listTokens()) if (token.cameraId === id.value && store.revokeToken(token.id)) revokedTokens++;
    cameras.remove(id.value);
    res.json({ ok: true, revokedTokens });
  });
}
