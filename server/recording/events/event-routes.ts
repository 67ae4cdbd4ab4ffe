/**
 * The events routes: every event of a time range across the cameras the caller may view, and an
 * event's pictures, authorized per camera like live frames and reached only through the index
 * (an id the index does not hold is NO_EVENT; nothing in a request becomes a path).
 */
import type { Express } from 'express';
import { CamrelayError } from '../../../shared/errors.js';
import type { EventList } from '../../../shared/events.js';
import { validateCameraId } from '../../../shared/validate.js';
import { TRACKED_NAMES } from '../../../common/detect/detect-settings.js';
import { principalOf } from '../../auth/http.js';
import { sendError } from '../../http/http-errors.js';
import type { RecordingManager } from '../recording-manager.js';
import type { RouteDeps } from '../routes.js';
import { eventsInRange } from './events-in-range.js';
import type { EventRecord } from '../segment-files.js';
import { sendMedia } from '../send-media.js';
import { publicEvent, shownTo } from '../../events/public-event.js';

export function attachEventRoutes(app: Express, manager: RecordingManager, d: RouteDeps): void {
  const now = d.now ?? Date.now;

  // `?day=` or `?from=&to=` as /recordings takes them, `&camera=` to keep one camera, `&label=` to keep the
  // events with an object of that label or followed name (`person`, `car`, `vehicle`), `none` the motion-only ones; newest first.
  app.get('/api/events', d.user, async (req, res) => {
    const found = await eventsInRange(manager, principalOf(res), req.query, now());
    if (!found.ok) return sendError(res, found.error);
    const label = labelFilter(req.query.label);
    if (label instanceof CamrelayError) return sendError(res, label);
    const { from, to } = found.value;
    const events = label ? found.value.events.filter((e) => hasLabel(e, label)) : found.value.events;
    const principal = principalOf(res);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ from, to, events: events.map((e) => shownTo(principal, manager.events.fields.apply(e, publicEvent(e)))) } satisfies EventList);
  });

  for (const picture of ['snapshot', 'thumbnail'] as const) {
    app.get(`/api/cameras/:cameraId/events/:eventId/${picture}.jpg`, d.cameraViewer, async (req, res) => {
      const id = validateCameraId(req.params.cameraId);
      if (!id.ok) return sendError(res, id.error);
      const event = await manager.index.event(id.value, String(req.params.eventId));
      if (!event?.pictures) return sendError(res, new CamrelayError('NO_EVENT'));
      // The snapshot is replaced when a higher peak comes before the event ends: no caching beyond revalidation.
      const headers = { 'Content-Type': 'image/jpeg', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' };
      sendMedia(res, manager.files.picturePath(event, picture), headers, new CamrelayError('NO_EVENT', 'The event was deleted meanwhile (retention).'));
    });
  }

  // An object's own best picture (#57): by its tracker id, only when the event's record says it is written.
  app.get('/api/cameras/:cameraId/events/:eventId/objects/:objectId.jpg', d.cameraViewer, async (req, res) => {
    const id = validateCameraId(req.params.cameraId);
    if (!id.ok) return sendError(res, id.error);
    const objectId = String(req.params.objectId);
    const event = /^\d{1,9}$/.test(objectId) ? await manager.index.event(id.value, String(req.params.eventId)) : null;
    const object = event?.objects?.find((o) => o.id === Number(objectId) && o.picture);
    if (!event || !object)
      return sendError(res, new CamrelayError('NO_EVENT', 'No such object picture: the event has no object of that id with a picture (yet).'));
    // Replaced when the object is seen better before the event ends, as the snapshot is.
    const headers = { 'Content-Type': 'image/jpeg', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' };
    sendMedia(
      res,
      manager.files.picturePath(event, `object-${Number(objectId)}`),
      headers,
      new CamrelayError('NO_EVENT', 'The event was deleted meanwhile (retention).'),
    );
  });
}

/** `?label=`: a COCO label, a group or `none`; absent is every event. */
function labelFilter(raw: unknown): string | null | CamrelayError {
  if (raw === undefined) return null;
  if (typeof raw === 'string' && (raw === 'none' || (TRACKED_NAMES as readonly string[]).includes(raw))) return raw;
  return new CamrelayError('BAD_REQUEST', 'label must be a COCO label (person, car, dog…), a group (vehicle, animal) or none (motion only).');
}

function hasLabel(e: EventRecord, label: string): boolean {
  const objects = e.objects ?? [];
  if (label === 'none') return objects.length === 0;
  return objects.some((o) => o.label === label || o.tracked === label);
}
