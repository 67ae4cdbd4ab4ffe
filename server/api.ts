/** Read-only REST: the camera list and the latest frame of a camera, each only as the caller may see it. */
import type { Express, RequestHandler } from 'express';
import sharp from 'sharp';
import { CamrelayError } from '../shared/errors.js';
import { validateCameraId } from '../shared/validate.js';
import { canView } from './auth/authenticator.js';
import { principalOf } from './auth/http.js';
import { sendError } from './http-errors.js';
import type { Relay } from './relay/relay.js';

export function attachApi(app: Express, relay: Relay, user: RequestHandler, cameraViewer: RequestHandler): void {
  app.get('/api/cameras', user, (_req, res) => {
    const principal = principalOf(res);
    res.json(relay.listCameras().filter((c) => canView(principal, c.id)));
  });

  // `?width=N` scales down (never up) for thumbnails; without it the frame is sent as it came.
  app.get('/api/cameras/:cameraId/snapshot.jpg', cameraViewer, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const raw = req.query.width;
    const width = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : raw === undefined ? undefined : NaN;
    if (width !== undefined && !(width >= 16 && width <= 4096)) {
      return sendError(res, new CamrelayError('BAD_REQUEST', 'width must be a whole number from 16 to 4096.'));
    }
    if (!relay.camera(id.value)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    const frame = relay.latestFrame(id.value);
    if (!frame) return sendError(res, new CamrelayError('NO_FRAME'));
    let jpeg = frame.jpeg;
    // withoutEnlargement would re-encode at the same size: sending the original is the same picture, sooner.
    if (width !== undefined && width < frame.meta.width) {
      try {
        jpeg = await sharp(frame.jpeg).resize({ width, withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
      } catch {
        return sendError(res, new CamrelayError('INTERNAL', 'The frame could not be decoded to resize it.'));
      }
    }
    res.setHeader('Content-Type', 'image/jpeg');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Seq', String(frame.seq));
    res.end(jpeg);
  });
}
