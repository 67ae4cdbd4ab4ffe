/**
 * `GET`/`PUT /api/cameras/:cameraId/detection`: a camera's detection settings and how it goes, with its last minute of
 * looks (admins; shared/detection.ts); `GET /api/detection/capacity`: what the relay's detector can carry (shared/detect-capacity.ts).
 */
import type { Express, RequestHandler } from 'express';
import { validateCameraId } from '../../shared/validate.js';
import type { DetectionAnswer } from '../../shared/detection.js';
import type { DetectCameraLooks, DetectCapacity } from '../../shared/detect-capacity.js';
import { principalOf } from '../auth/http.js';
import { readRevision, refuseStale, revisionOf, SaveMarks, type RevisionInfo } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import type { DetectionService } from './detection-service.js';

export interface DetectionRouteDeps {
  read: RequestHandler[];
  change: RequestHandler[];
}

/** The capacity route's path (the Admin's System page reads it). */
export const CAPACITY_ROUTE = '/api/detection/capacity';

/** A camera's answer: its settings and status, and its looks over the last minute (null when it does not detect). */
type CameraAnswer = DetectionAnswer & RevisionInfo & DetectCameraLooks;

export function attachDetectionRoutes(app: Express, service: DetectionService, d: DetectionRouteDeps): void {
  const marks = new SaveMarks();
  const info = (camera: string) => marks.info(camera, revisionOf(service.settings(camera)));

  app.get('/api/cameras/:cameraId/detection', ...d.read, (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...service.answer(id.value), looks: service.looks(id.value), ...info(id.value) } satisfies CameraAnswer);
  });

  app.put('/api/cameras/:cameraId/detection', ...d.change, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    // `revision` rides beside the change (docs/detection.md#http-api); a body without one saves as before.
    const raw: unknown = req.body;
    const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    const { revision, ...body } = isObject ? (raw as Record<string, unknown>) : {};
    const sent = readRevision(revision);
    if (!sent.ok) return sendError(res, sent.error);
    const changed = await service.change(id.value, isObject ? body : raw, () => !refuseStale(res, sent.value, info(id.value)));
    if (!changed.ok) return sendError(res, changed.error);
    if (changed.value === null) return;
    const made = revisionOf(service.settings(id.value));
    marks.mark(id.value, principalOf(res).username, Date.now(), made);
    res.json({ ...service.answer(id.value), looks: service.looks(id.value), ...marks.info(id.value, made) } satisfies CameraAnswer);
  });

  // `read` passes admins for any camera id (the gate's id is empty here), and others are refused by its admin check.
  app.get(CAPACITY_ROUTE, ...d.read, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, capacity: service.capacity() } satisfies { ok: true; capacity: DetectCapacity });
  });
}
