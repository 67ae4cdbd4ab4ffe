/** What a phone shows of a motion event, or of the objects found in it: short words, and the view that plays it. Pure. */
import type { PushNotice } from '../../shared/push.js';
import { eventSummary } from '../../common/detect/event-summary.js';
import { idOf, type EventRecord, type LeftAlert, type LoiterAlert } from '../events/event-record.js';

/** `name`: the camera as the Live Monitor names it. No clock time: the phone shows when it came, in its own zone. */
export function pushNotice(record: EventRecord, name: string): PushNotice {
  return {
    title: `Motion: ${name}`,
    body: `Something moved in front of ${name}. Tap to watch it from the start.`,
    // Relative to the app's scope, so it opens under a proxy's sub-path too (the service worker resolves it).
    url: `#/camera/${encodeURIComponent(record.camera)}/at/${record.start}`,
    camera: record.camera,
    eventId: record.id,
    tag: `motion-${record.camera}-${record.id}`,
  };
}

/**
 * An object event of a camera that detects objects: eventSummary's words for every object of the
 * event so far ("Person and car at Porch · Driveway"), under the event's tag, so a later object of
 * the same event replaces the notice with the longer words rather than adding one.
 */
export function objectNotice(record: EventRecord, name: string): PushNotice {
  return { ...pushNotice(record, name), title: eventSummary(name, record.objects ?? []), body: 'Tap to watch it from the start.' };
}

/** A loitering or leaving alert's notice: its words and the view playing from when the object came, with its own `tag`. */
function alertNotice(camera: string, alert: LoiterAlert | LeftAlert, tag: string): PushNotice {
  return {
    title: alert.text,
    body: 'Tap to watch it from when it came.',
    url: `#/camera/${encodeURIComponent(camera)}/at/${alert.object.at}`,
    camera,
    eventId: idOf(alert.object.at),
    tag,
  };
}

/**
 * A loitering alert (#57): its words ("Person in Driveway for 30 s") and the view playing from when
 * the object came; its own tag per object and zone, so it neither replaces nor is replaced by the event's notice.
 */
export function loiterNotice(camera: string, alert: LoiterAlert): PushNotice {
  return alertNotice(camera, alert, `loiter-${camera}-${alert.object.id}-${alert.zone}`);
}

/**
 * An object that left the view (#57), for a device that asked for it (push-rules.ts): its words ("Person left Driveway
 * after 2 min") and the view playing from when it came; its own tag per object, as a loitering notice has.
 */
export function leftNotice(camera: string, alert: LeftAlert): PushNotice {
  return alertNotice(camera, alert, `left-${camera}-${alert.object.id}`);
}
