/**
 * Which objects of an `object` event are new: an event's `objects` only grow (event-log.ts), and each
 * `object` event carries them all, so a notifier that tells each object once remembers how many of
 * the camera's event under way it has told. One entry per camera with an event under way. Pure.
 */
import type { EventObject } from '../../shared/events.js';
import type { EventType } from './event-record.js';
import type { EventRecord } from './event-record.js';
import { groupOf } from '../../common/detect/detect-settings.js';
import type { CocoLabel } from '../../common/detect/coco-labels.js';

export class NewObjects {
  private readonly told = new Map<string, { id: string; count: number }>();
  /** Per camera, what was told of who or which its event's objects are (identityKey of each). */
  private readonly identities = new Map<string, { id: string; seen: Set<string> }>();

  /**
   * The objects of `record` whose plate or face (#58) is new since the last event of its camera told here:
   * read for the first time, read better, or named. [] for a start or an end. Call it after take(), for the same event.
   */
  identitiesTold(type: EventType, record: EventRecord): EventObject[] {
    const before = this.identities.get(record.camera);
    const seen = before?.id === record.id ? before.seen : new Set<string>();
    if (type === 'end') this.identities.delete(record.camera);
    else this.identities.set(record.camera, { id: record.id, seen });
    if (type !== 'object') return [];
    const fresh: EventObject[] = [];
    for (const o of record.objects ?? []) {
      const key = identityKey(o);
      if (!key) continue;
      if (seen.has(key)) continue;
      seen.add(key);
      fresh.push(o);
    }
    return fresh;
  }

  /** The objects `record` gained since the last event of its camera told here; [] for a start or an end. */
  take(type: EventType, record: EventRecord): EventObject[] {
    const list = record.objects ?? [];
    const before = this.told.get(record.camera);
    const from = before?.id === record.id ? before.count : 0;
    if (type === 'end') this.told.delete(record.camera);
    else this.told.set(record.camera, { id: record.id, count: Math.max(from, list.length) });
    return type === 'object' ? list.slice(from) : [];
  }
}

/** What is known of who or which `o` is, as words that change when it is told better: '' when nothing is. */
function identityKey(o: EventObject): string {
  const plate = o.plate ? `plate:${o.plate.text}:${o.plate.name ?? ''}` : '';
  const face = o.face ? `face:${o.face.name ?? ''}` : '';
  return plate || face ? `${o.id}:${plate}:${face}` : '';
}

/** Whether `o` is one of `labels` (its COCO label, the name it is followed as, or the label's group) and, when `zones` are given, was in one of them. */
export function objectMatches(o: EventObject, labels: readonly string[], zones?: readonly string[]): boolean {
  const named = labels.includes(o.label) || labels.includes(o.tracked) || labels.includes(groupOf(o.label as CocoLabel) ?? '');
  if (!named || !zones) return named;
  const wanted = zones.map((z) => z.toLowerCase());
  return o.zones.some((z) => wanted.includes(z.toLowerCase()));
}
