/**
 * The admin's changes to the camera list, shared by every viewer: name, group, order, and delete
 * (which also revokes the camera's own tokens, and keeps or deletes its recordings as asked). Same
 * rules as the other admin routes: an admin's session cookie on a same-origin request.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { validateCameraId, validateCameraOrder, validateCameraSettings } from '../../shared/validate.js';
import { principalOf, requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import type { AuthStore } from '../auth/store.js';
import { jsonBody } from '../http/body-deadline.js';
import { NO_ENTRY, readRevision, refuseStale, revisionOf, SaveMarks, type RevisionInfo } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import type { CameraKeeper } from '../camera-keeper/camera-keeper.js';
import { forgetRecordings, summarizeRecordings } from '../recording/forget-camera.js';
import type { RecordingManager } from '../recording/recording-manager.js';
import type { Cameras } from '../relay/cameras.js';

/** `?recordings=keep|delete` of a delete; none is `keep`, as before recording existed. */
export function recordingsChoice(value: unknown): 'keep' | 'delete' | null {
  if (value === undefined || value === 'keep') return 'keep';
  return value === 'delete' ? 'delete' : null;
}

/** What a camera row's Save form holds: its revision covers these two (the sound switch saves on its own). */
function rowOf(info: CameraInfo): { name: string; group: string | null } {
  return { name: info.name, group: info.group ?? null };
}

/**
 * Registers PATCH /api/cameras/:id, GET /api/cameras/revisions, PUT /api/cameras/order, DELETE
 * /api/cameras/:id and GET /api/cameras/:id/recording/files; `manager` is recording's (null: no
 * recordings to count or delete).
 */
export function attachCameraAdmin(
  app: Express,
  cameras: CameraKeeper,
  relay: { readonly cameras: Pick<Cameras, 'get' | 'list'> },
  store: AuthStore,
  user: RequestHandler,
  o: HttpAuthOptions,
  manager: RecordingManager | null,
): void {
  const json = jsonBody();
  const admin = requireAdmin();
  const change = requireSessionChange(o);
  const marks = new SaveMarks();
  const info = (id: string) => {
    const camera = relay.cameras.get(id);
    return marks.info(id, camera ? revisionOf(rowOf(camera)) : NO_ENTRY);
  };

  // Each camera's name-and-group revision, for the Admin area's rows (the list itself is every viewer's).
  app.get('/api/cameras/revisions', user, admin, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const answer: Record<string, RevisionInfo> = Object.fromEntries(relay.cameras.list().map((c) => [c.id, info(c.id)]));
    res.json({ cameras: answer });
  });

  app.put('/api/cameras/order', user, admin, change, json, (req, res) => {
    const ids = validateCameraOrder(req.body);
    if (!ids.ok) return sendError(res, ids.error);
    res.json({ ok: true, ids: cameras.reorder(ids.value) });
  });

  app.patch('/api/cameras/:cameraId', user, admin, change, json, (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    // `revision` rides beside the change (docs/cameras.md); a body without one saves as before.
    const raw: unknown = req.body;
    const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    const { revision, ...body } = isObject ? (raw as Record<string, unknown>) : {};
    const sent = readRevision(revision);
    if (!sent.ok) return sendError(res, sent.error);
    const settings = validateCameraSettings(isObject ? body : raw);
    if (!settings.ok) return sendError(res, settings.error);
    if (refuseStale(res, sent.value, info(id.value))) return;
    const updated = cameras.update(id.value, settings.value);
    if (!updated.ok) return sendError(res, updated.error);
    const made = revisionOf(rowOf(updated.value));
    if ('name' in settings.value || 'group' in settings.value) marks.mark(id.value, principalOf(res).username, Date.now(), made);
    res.json({ ok: true, camera: updated.value, ...marks.info(id.value, made) });
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
