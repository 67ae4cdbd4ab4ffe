/**
 * GET /api/admin/ip-cameras, PUT and DELETE /api/admin/ip-cameras/:id: admins only, as the other
 * admin routes. Answers carry masked URLs only; a refused body is named by field, never echoed.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { validateIpCamera } from '../../shared/ip-camera.js';
import { validateCameraId } from '../../shared/validate.js';
import { requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import type { IpCameras } from './ip-cameras.js';

export function ipCameraRoutes(app: Express, cameras: IpCameras, user: RequestHandler, o: HttpAuthOptions): void {
  const admin = requireAdmin();
  const change = requireSessionChange(o);
  const json = jsonBody();

  app.get('/api/admin/ip-cameras', user, admin, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ cameras: cameras.list() });
  });

  app.put('/api/admin/ip-cameras/:cameraId', user, admin, change, json, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const checked = validateIpCamera({ ...(req.body as object), id: id.value });
    if (!checked.ok) return sendError(res, checked.error);
    if (!(await cameras.put(checked.value))) return sendError(res, new CamrelayError('TOO_MANY_IP_CAMERAS'));
    res.json({ ok: true, camera: cameras.view(checked.value) });
  });

  app.delete('/api/admin/ip-cameras/:cameraId', user, admin, change, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    if (!(await cameras.delete(id.value))) return sendError(res, new CamrelayError('UNKNOWN_CAMERA', `No IP camera "${id.value}" on this relay.`));
    res.json({ ok: true });
  });
}
