/** `GET`/`PUT /api/cameras/:cameraId/detection`: a camera's detection settings and how it goes (admins; shared/detection.ts). */
import type { Express, RequestHandler } from 'express';
import { validateCameraId } from '../../shared/validate.js';
import type { DetectionAnswer } from '../../shared/detection.js';
import { sendError } from '../http/http-errors.js';
import type { DetectionService } from './detection-service.js';

export interface DetectionRouteDeps {
  read: RequestHandler[];
  change: RequestHandler[];
}

export function attachDetectionRoutes(app: Express, service: DetectionService, d: DetectionRouteDeps): void {
  app.get('/api/cameras/:cameraId/detection', ...d.read, (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    res.setHeader('Cache-Control', 'no-store');
    res.json(service.answer(id.value) satisfies DetectionAnswer);
  });

  app.put('/api/cameras/:cameraId/detection', ...d.change, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const changed = await service.change(id.value, req.body);
    if (!changed.ok) return sendError(res, changed.error);
    res.json(service.answer(id.value) satisfies DetectionAnswer);
  });
}
