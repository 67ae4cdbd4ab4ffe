/** What a phone shows of a motion event: short words, and the view that plays it. Pure. */
import type { PushNotice } from '../../shared/push.js';
import type { EventRecord } from '../recording/segment-files.js';

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
