/**
 * GET /api/admin/ip-cameras, PUT and DELETE /api/admin/ip-cameras/:id: admins only, as the other
 * admin routes. Answers carry masked URLs only; a refused body is named by field, never echoed.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { randomBytes } from 'node:crypto';
import { validateIpCamera, type IpCameraInput } from '../../shared/ip-camera.js';
import { validateCameraId } from '../../shared/validate.js';
import { principalOf, requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { NO_ENTRY, readRevision, refuseStale, revisionOf, SaveMarks, type RevisionInfo } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import type { IpCameras } from './ip-cameras.js';

export function ipCameraRoutes(app: Express, cameras: IpCameras, user: RequestHandler, o: HttpAuthOptions): void {
  const admin = requireAdmin();
  const change = requireSessionChange(o);
  const json = jsonBody();

  const marks = new SaveMarks();
  // Entries hold passwords: their revisions are keyed hashes, so they change when the relay restarts.
  const key = randomBytes(32);
  const info = (id: string, entry: IpCameraInput | undefined) => marks.info(id, entry ? revisionOf(entry, key) : NO_ENTRY);

  app.get('/api/admin/ip-cameras', user, admin, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ cameras: cameras.list().map((c) => ({ ...c, ...info(c.id, cameras.get(c.id)) })) });
  });

  app.put('/api/admin/ip-cameras/:cameraId', user, admin, change, json, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    // `revision` rides beside the camera (docs/cameras.md): `new` to add one, an entry's to change it; none saves as before.
    const { revision, ...body } = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const sent = readRevision(revision);
    if (!sent.ok) return sendError(res, sent.error);
    const checked = validateIpCamera({ ...body, id: id.value });
    if (!checked.ok) return sendError(res, checked.error);
    let stale: RevisionInfo | null = null;
    const outcome = await cameras.put(checked.value, (current) => {
      const now = info(id.value, current);
      if (sent.value === null || sent.value === now.revision) return true;
      stale = now;
      return false;
    });
    if (outcome === 'stale') return void refuseStale(res, sent.value, stale!);
    if (outcome === 'full') return sendError(res, new CamrelayError('TOO_MANY_IP_CAMERAS'));
    const made = revisionOf(checked.value, key);
    marks.mark(id.value, principalOf(res).username, Date.now(), made);
    res.json({ ok: true, camera: { ...cameras.view(checked.value), ...marks.info(id.value, made) } });
  });

  app.delete('/api/admin/ip-cameras/:cameraId', user, admin, change, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    if (!(await cameras.delete(id.value))) return sendError(res, new CamrelayError('UNKNOWN_CAMERA', `No IP camera "${id.value}" on this relay.`));
    res.json({ ok: true });
  });
}
