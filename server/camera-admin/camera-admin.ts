/**
 * The admin's changes to the camera list, shared by every viewer: name, group, order, and delete
 * (which also revokes the camera's own tokens, and keeps or deletes its recordings as asked). Same
 * rules as the other admin routes: an admin's session cookie on a same-origin request.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { validateCameraId, validateCameraOrder, validateCameraSettings } from '../../shared/validate.js';
import { requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import type { AuthStore } from '../auth/store.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import type { CameraKeeper } from '../camera-keeper/camera-keeper.js';
import { forgetRecordings, summarizeRecordings } from '../recording/forget-camera.js';
import type { RecordingManager } from '../recording/recording-manager.js';

/** `?recordings=keep|delete` of a delete; none is `keep`, as before recording existed. */
export function recordingsChoice(value: unknown): 'keep' | 'delete' | null {
  if (value === undefined || value === 'keep') return 'keep';
  return value === 'delete' ? 'delete' : null;
}

/**
 * Registers PATCH /api/cameras/:id, PUT /api/cameras/order, DELETE /api/cameras/:id and GET
 * /api/cameras/:id/recording/files; `manager` is recording's (null: no recordings to count or delete).
 */
export function attachCameraAdmin(
  app: Express,
  cameras: CameraKeeper,
  store: AuthStore,
  user: RequestHandler,
  o: HttpAuthOptions,
  manager: RecordingManager | null,
): void {
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

  // What deleting a camera's recordings would remove: the Admin drawer asks with these figures.
  app.get('/api/cameras/:cameraId/recording/files', user, admin, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    res.setHeader('Cache-Control', 'no-store');
    res.json(manager ? await summarizeRecordings(manager, id.value) : { camera: id.value, segments: 0, bytes: 0, days: 0, firstDay: null, lastDay: null });
  });

  app.delete('/api/cameras/:cameraId', user, admin, change, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const choice = recordingsChoice(req.query.recordings);
    if (!choice) return sendError(res, new CamrelayError('BAD_RECORDINGS_CHOICE'));
    // A camera deleted earlier with its recordings kept: its recordings alone can go later.
    const known = cameras.knows(id.value);
    if (!known && !(choice === 'delete' && manager && (await manager.index.cameras()).includes(id.value))) {
      return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    }
    // Tokens first: a client on one of them is told REVOKED and stays away, instead of coming back.
    let revokedTokens = 0;
    for (const token of store.listTokens()) if (token.cameraId === id.value && store.revokeToken(token.id)) revokedTokens++;
    if (known) cameras.remove(id.value);
    const deleted = choice === 'delete' && manager ? await forgetRecordings(manager, id.value) : null;
    res.json({
      ok: true,
      revokedTokens,
      recordings: choice === 'delete' ? 'deleted' : 'kept',
      ...(deleted ? { deletedBytes: deleted.bytes, deletedSegments: deleted.segments } : {}),
    });
  });
}
