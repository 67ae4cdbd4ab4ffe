/**
 * How the review page sorts an event (#57 item 4, docs/review.md), as Frigate's review does: an
 * alert when one of its objects is what the camera's alert rule names (its label or the name it is
 * followed as, in one of the rule's zones when it names any), a detection when it has objects but
 * none is, motion when it has none. Pure: the routes and the tests ask the same function.
 */
import type { AlertRule } from '../../common/detect/detect-settings.js';
import type { EventObject } from '../../shared/events.js';
import type { ReviewSeverity } from '../../shared/review.js';

/** The part of an event the rule reads. */
export type Sortable = { objects?: readonly Pick<EventObject, 'label' | 'tracked' | 'zones'>[] };

/** Whether one object is what `rule` calls an alert. */
export function isAlertObject(o: Pick<EventObject, 'label' | 'tracked' | 'zones'>, rule: AlertRule): boolean {
  const labels: readonly string[] = rule.labels;
  if (!labels.includes(o.label) && !labels.includes(o.tracked)) return false;
  if (rule.zones.length === 0) return true;
  // Zone names are unique regardless of case (detect-settings.ts), and an event keeps the name its zone had then.
  const zones = new Set(rule.zones.map((z) => z.toLowerCase()));
  return o.zones.some((z) => zones.has(z.toLowerCase()));
}

/** `alert`, `detection` or `motion` for an event under its camera's alert rule. */
export function severityOf(event: Sortable, rule: AlertRule): ReviewSeverity {
  const objects = event.objects ?? [];
  if (objects.length === 0) return 'motion';
  return objects.some((o) => isAlertObject(o, rule)) ? 'alert' : 'detection';
}
