/** Read-only REST: the camera list, the latest frame of a camera, and liveness. */
import type { Express } from 'express';
import { CamrelayError } from '../shared/errors.js';
import { validateCameraId } from '../shared/validate.js';
import { sendError } from './http-errors.js';
import type { Relay } from './relay/relay.js';

export function attachApi(app: Express, relay: Relay): void {
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get('/api/cameras', (_req, res) => {
    res.json(relay.registry.list());
  });

  app.get('/api/cameras/:cameraId/snapshot.jpg', (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    if (!relay.registry.has(id.value)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    const frame = relay.latestFrame(id.value);
    if (!frame) return sendError(res, new CamrelayError('NO_FRAME'));
    res.setHeader('Content-Type', 'image/jpeg');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Seq', String(frame.seq));
    res.end(frame.jpeg);
  });
}
