/**
 * Read-only REST: the camera list and the latest frame of a camera, each only as the caller may
 * see it. An offline camera's snapshot is its last frame, from memory or the disk, with its age.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { validateCameraId } from '../../shared/validate.js';
import { canView } from '../auth/authenticator.js';
import { principalOf } from '../auth/http.js';
import { sendError } from '../http/http-errors.js';
import { parseWidth } from '../http/query-width.js';
import type { Relay } from '../relay/relay.js';
import { rungFor } from '../relay/rungs.js';
import { sharpResize } from '../relay/sharp-resize.js';

/** A frame for a snapshot: `at` is when it reached the relay, `seq` known only for one in memory. */
export interface SnapshotFrame {
  jpeg: Buffer;
  at: number;
  width: number;
  seq?: number;
}

/** Where the last frame of a camera comes from when the relay holds none in memory (the disk). */
export type StoredFrameSource = (cameraId: string) => Promise<SnapshotFrame | null>;

function offline(camera: CameraInfo): CamrelayError {
  const since = camera.lastFrameAt === null ? '' : ` since ${new Date(camera.lastFrameAt).toISOString()}`;
  return new CamrelayError('CAMERA_OFFLINE', `The camera "${camera.id}" is offline${since} and no frame of it is stored.`);
}

export function attachApi(
  app: Express,
  relay: Relay,
  user: RequestHandler,
  cameraViewer: RequestHandler,
  storedFrame: StoredFrameSource = async () => null,
): void {
  app.get('/api/cameras', user, (_req, res) => {
    const principal = principalOf(res);
    res.json(relay.cameras.list().filter((c) => canView(principal, c.id)));
  });

  // `?width=N`: the rendition for that width (the ladder and cache the live viewers use); without
  // it, or for a camera no wider, the frame as it came.
  app.get('/api/cameras/:cameraId/snapshot.jpg', cameraViewer, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const width = parseWidth(req.query.width);
    if (!width.ok) return sendError(res, width.error);
    const camera = relay.cameras.get(id.value);
    if (!camera) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    const live = relay.latestFrame(id.value);
    // From the disk only for a camera that is offline: a live one without a frame yet has NO_FRAME.
    const frame: SnapshotFrame | null = live
      ? { jpeg: live.jpeg, at: live.receivedAt, width: live.meta.width, seq: live.seq }
      : camera.online
        ? null
        : await storedFrame(id.value);
    if (!frame) return sendError(res, camera.online ? new CamrelayError('NO_FRAME') : offline(camera));
    let jpeg = frame.jpeg;
    const rung = rungFor(width.value, frame.width);
    if (rung !== null) {
      try {
        jpeg = live ? (await relay.renditions.of(live, rung)).jpeg : (await sharpResize(frame.jpeg, rung.width, rung.quality)).jpeg;
      } catch {
        return sendError(res, new CamrelayError('INTERNAL', 'The frame could not be decoded to resize it.'));
      }
    }
    res.setHeader('Content-Type', 'image/jpeg');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (frame.seq !== undefined) res.setHeader('X-Frame-Seq', String(frame.seq));
    // How old the picture is, for a camera that went offline (or a frame read back from the disk).
    res.setHeader('X-Frame-Age-Ms', String(Math.max(0, Math.round(Date.now() - frame.at))));
    res.setHeader('Last-Modified', new Date(frame.at).toUTCString());
    res.end(jpeg);
  });
}
