/**
 * What one device hears of a detecting camera's objects (#57), the choice a webhook rule has
 * (webhooks' `alerts` and `newObjectsOnly`, docs/notifications.md): each new object (`objects`), a
 * stay past a zone's loitering time, an object that left the view; and, with `newObjectsOnly`, not
 * an object that moves again after standing still. Absent: new objects and loitering, as before
 * (a leaving would buzz a phone twice for every passer-by). Pure.
 */
import { CamrelayError } from '../../shared/errors.js';
import type { EventObject } from '../../shared/events.js';
import { fail, ok, type Result } from '../../shared/result.js';

export const PUSH_ALERTS = ['objects', 'loitering', 'left'] as const;
export type PushAlert = (typeof PUSH_ALERTS)[number];
/** What a device hears when it chose nothing. */
export const DEFAULT_PUSH_ALERTS: readonly PushAlert[] = ['objects', 'loitering'];

/** A device's choice, kept with its subscription. */
export interface PushRule {
  alerts?: PushAlert[];
  newObjectsOnly?: boolean;
}

/** The values in a refusal, each with the words the webhook form shows for it (notify-fields.ts). */
const CHOICES = 'objects (new objects), loitering, left (left the view)';

const isAlerts = (v: unknown): v is PushAlert[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.length <= PUSH_ALERTS.length &&
  v.every((a) => (PUSH_ALERTS as readonly unknown[]).includes(a)) &&
  new Set(v).size === v.length;

/** `alerts` and `newObjectsOnly` of a subscription's body (or a stored one), each optional; anything else in it is not looked at. */
export function parsePushRule(body: unknown): Result<PushRule> {
  const { alerts, newObjectsOnly } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const bad = (why: string) => fail(new CamrelayError('BAD_PUSH_SUBSCRIPTION', `The push subscription is not valid: ${why}`));
  if (alerts !== undefined && !isAlerts(alerts)) return bad(`alerts must list some of ${CHOICES}, each once.`);
  if (newObjectsOnly !== undefined && typeof newObjectsOnly !== 'boolean') return bad('newObjectsOnly must be true or false.');
  return ok({ ...(alerts !== undefined ? { alerts: [...alerts] } : {}), ...(newObjectsOnly !== undefined ? { newObjectsOnly } : {}) });
}

/** Whether a device with `rule` hears alerts of `kind`. */
export function hears(rule: PushRule, kind: PushAlert): boolean {
  return (rule.alerts ?? DEFAULT_PUSH_ALERTS).includes(kind);
}

/** The new objects of an event a device with `rule` is told of: none unless it hears `objects`; with `newObjectsOnly`, not those moving again. */
export function objectsFor(rule: PushRule, fresh: readonly EventObject[]): EventObject[] {
  if (!hears(rule, 'objects')) return [];
  return rule.newObjectsOnly ? fresh.filter((o) => !o.again) : [...fresh];
}
