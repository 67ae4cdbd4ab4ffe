/**
 * `recording.webhooks`: who hears of motion events, and `recording.publicUrl`, the relay's address
 * as a receiver reaches it (for absolute snapshot URLs). Checked with the rest of the recording
 * settings; a bad value names its path (`recording.webhooks[0].url`).
 */
import { CAMERA_ID_PATTERN } from '../../../shared/protocol.js';
import { refusedCharacter } from '../../../shared/names.js';
import { MAX_ZONES, TRACKED_NAMES, ZONE_NAME_MAX, type TrackedName } from '../../../common/detect/detect-settings.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { headerProblem, type HeaderProblem } from './webhook-headers.js';
import { z } from 'zod';

export const WEBHOOK_FORMATS = ['json', 'ntfy'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const WEBHOOK_EVENTS = ['start', 'end'] as const;
/** What a rule with labels hears (#57): each new object (`objects`, the default), a stay past a zone's loitering time, an object's leaving. */
export const WEBHOOK_ALERTS = ['objects', 'loitering', 'left'] as const;
export type WebhookAlert = (typeof WEBHOOK_ALERTS)[number];
/** The values in a refusal, each with the words the Admin area's form shows for it (notify-fields.ts), so both say `left` as "left the view". */
const ALERT_CHOICES = 'objects (new objects), loitering, left (left the view)';

/**
 * One rule: a URL that hears of some cameras' (default: all) event starts and ends (default: both),
 * or, with `labels`, of the objects a detector finds (docs/notifications.md#objects) instead.
 */
export interface WebhookRule {
  url: string;
  cameras?: string[];
  events?: Array<(typeof WEBHOOK_EVENTS)[number]>;
  /** Followed names or COCO labels (`person`, `vehicle`, `dog`): the rule hears only objects of these, not motion. */
  labels?: TrackedName[];
  /** With `labels`: only objects seen in one of these zones (their names, as the camera's detection settings give them). */
  zones?: string[];
  /** With `labels`: what it hears of them (default: `objects` only). */
  alerts?: WebhookAlert[];
  /** With `labels`: an object told of once is not told again when it moves after standing still (a parked car driving off). */
  newObjectsOnly?: boolean;
  /**
   * With `labels` (#58): only objects known as one of these, told once they are (a person's face, a vehicle's plate):
   * a known person's or plate's name (`Alice`, `Mum's car`), or `unknown` for a face or plate no one named.
   */
  names?: string[];
  /** `json` (default): the event as JSON; `ntfy`: a plain-text message with ntfy's headers. */
  format?: WebhookFormat;
  /** Sent with every request (a receiver's token). */
  headers?: Record<string, string>;
}

const MAX_RULES = 32;
/** Bounds on what one rule may list: a relay has at most a few hundred cameras, a receiver wants a token or two. */
const MAX_CAMERAS = 256;
const MAX_HEADERS = 16;
const KEYS = ['url', 'cameras', 'events', 'format', 'headers', 'labels', 'zones', 'alerts', 'newObjectsOnly', 'names'];
/** Names one rule may list, and a name's length (a known person's or plate's: shared/faces.ts, shared/plates.ts). */
const MAX_NAMES = 32;
const NAME_MAX = 40;
/** Each kind at most once, at least one. */
const ALERTS = z
  .array(z.enum(WEBHOOK_ALERTS))
  .min(1)
  .max(WEBHOOK_ALERTS.length)
  .refine((list) => new Set(list).size === list.length);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An http(s) URL with no credentials in it (they would land in logs), or null. */
export function httpUrl(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

/** One rule's problem as a sentence naming `at` and the field (`webhook.url must be ...`), or null: the config file's and the Admin area's one checker. */
export function checkWebhookRule(raw: unknown, at: string): string | null {
  return webhookRuleProblem(raw, at)?.message ?? null;
}

/** As checkWebhookRule, with the code the Admin area answers (a header that cannot be sent has its own). */
export function webhookRuleProblem(raw: unknown, at: string): HeaderProblem | null {
  const bad = (message: string): HeaderProblem => ({ code: 'BAD_WEBHOOK', message });
  if (!isObject(raw)) return bad(`${at} must be an object {url, cameras?, events?, format?, headers?, labels?, zones?, alerts?, newObjectsOnly?, names?}`);
  const extra = Object.keys(raw).find((k) => !KEYS.includes(k));
  if (extra) return bad(`${at}.${extra} is not part of a webhook (known: ${KEYS.join(', ')})`);
  if (!httpUrl(raw.url)) return bad(`${at}.url must be an http:// or https:// URL without a user name or password`);
  const { cameras, events, format, headers } = raw;
  if (
    cameras !== undefined &&
    (!Array.isArray(cameras) || cameras.length > MAX_CAMERAS || cameras.some((c) => typeof c !== 'string' || !CAMERA_ID_PATTERN.test(c)))
  )
    return bad(`${at}.cameras must be a list of at most ${MAX_CAMERAS} camera ids`);
  if (events !== undefined && (!Array.isArray(events) || events.length === 0 || events.some((e) => !WEBHOOK_EVENTS.includes(e as never))))
    return bad(`${at}.events must be a list of ${WEBHOOK_EVENTS.join(', ')}`);
  if (format !== undefined && !WEBHOOK_FORMATS.includes(format as WebhookFormat)) return bad(`${at}.format must be one of ${WEBHOOK_FORMATS.join(', ')}`);
  const objects = objectsProblem(raw, at);
  if (objects) return bad(objects);
  if (headers === undefined) return null;
  if (!isObject(headers) || Object.keys(headers).length > MAX_HEADERS)
    return bad(`${at}.headers must be an object of at most ${MAX_HEADERS} header names and values`);
  return headerProblem(headers, at);
}

/** `labels` and `zones`: bounded lists of known names; zones only with labels, and events not with them (objects are not starts and ends). */
function objectsProblem(raw: Record<string, unknown>, at: string): string | null {
  const { labels, zones, events } = raw;
  if (labels !== undefined && (!Array.isArray(labels) || labels.length === 0 || labels.length > TRACKED_NAMES.length))
    return `${at}.labels must be a list of COCO labels (person, car, dog…) or groups (vehicle, animal), at most ${TRACKED_NAMES.length}`;
  const unknown = Array.isArray(labels) ? labels.find((l) => !TRACKED_NAMES.includes(l as TrackedName)) : undefined;
  if (unknown !== undefined)
    return `${at}.labels: "${String(unknown)
      .slice(0, 40)
      .replace(/[^\x20-\x7e]/g, '?')}" is not a COCO label (person, car, dog…) or a group (vehicle, animal)`;
  if (
    zones !== undefined &&
    (!Array.isArray(zones) ||
      zones.length === 0 ||
      zones.length > MAX_ZONES ||
      zones.some((z) => typeof z !== 'string' || z.trim() === '' || z.length > ZONE_NAME_MAX || refusedCharacter(z) !== null))
  )
    return `${at}.zones must be a list of at most ${MAX_ZONES} zone names, each 1-${ZONE_NAME_MAX} characters on one line`;
  if (zones !== undefined && labels === undefined) return `${at}.zones needs labels: a zone limits the objects a rule hears of (e.g. labels ["person"])`;
  if (labels !== undefined && events !== undefined)
    return `${at}.events cannot be set with labels: a rule with labels hears each new object, not motion's start and end`;
  return alertsProblem(raw, at);
}

/** `alerts`, `newObjectsOnly` and `names`: only with labels (they are about objects). */
function alertsProblem(raw: Record<string, unknown>, at: string): string | null {
  const { labels, alerts, newObjectsOnly, names } = raw;
  if (alerts !== undefined && !ALERTS.safeParse(alerts).success) return `${at}.alerts must list some of ${ALERT_CHOICES}, each once`;
  if (newObjectsOnly !== undefined && !z.boolean().safeParse(newObjectsOnly).success) return `${at}.newObjectsOnly must be true or false`;
  if (
    names !== undefined &&
    (!Array.isArray(names) ||
      names.length === 0 ||
      names.length > MAX_NAMES ||
      names.some((n) => typeof n !== 'string' || n.trim() === '' || n.length > NAME_MAX || refusedCharacter(n) !== null))
  )
    return `${at}.names must be a list of at most ${MAX_NAMES} names of known people or plates (or "unknown"), each 1-${NAME_MAX} characters on one line`;
  const set = alerts !== undefined ? 'alerts' : newObjectsOnly !== undefined ? 'newObjectsOnly' : names !== undefined ? 'names' : null;
  if (set && labels === undefined) return `${at}.${set} needs labels: it is about objects (e.g. labels ["person"])`;
  return null;
}

/** Checks `recording.webhooks`. */
export function checkWebhooks(raw: unknown, where: string): Result<WebhookRule[], string> {
  if (!Array.isArray(raw) || raw.length > MAX_RULES) return fail(`${where} must be a list of at most ${MAX_RULES} webhooks`);
  for (const [i, rule] of raw.entries()) {
    const problem = checkWebhookRule(rule, `${where}[${i}]`);
    if (problem) return fail(problem);
  }
  return ok(raw as WebhookRule[]);
}

/** Checks `recording.publicUrl` (`https://cams.example.com`, perhaps with a path); no trailing slash is kept. */
export function checkPublicUrl(raw: unknown, where: string): Result<string, string> {
  const url = httpUrl(raw);
  if (!url || url.search || url.hash) return fail(`${where} must be the relay's http:// or https:// address, e.g. https://cams.example.com`);
  return ok(url.href.replace(/\/+$/, ''));
}

/** The config file's webhook rules, which it keeps in the `recording` section (docs/notifications.md); none when recording is off. */
export function fileWebhooksOf(config: object): readonly WebhookRule[] {
  return (config as { recording?: { webhooks?: WebhookRule[] } }).recording?.webhooks ?? [];
}
