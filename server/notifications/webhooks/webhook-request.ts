/**
 * What a webhook sends for an event: the event as JSON, or for `ntfy` a plain-text message with
 * ntfy's Title, Tags and Click headers. An object event's words are eventSummary's ("Person at
 * Front door · Driveway"), as the event card's and MQTT's are. Pure: the sender does the I/O.
 */
import type { EventObject } from '../../../shared/events.js';
import { eventSummary } from '../../../common/detect/event-summary.js';
import type { EventType } from '../../events/event-record.js';
import { alertFields, type AlertFields } from '../../events/alert-fields.js';
import { publicEvent } from '../../events/public-event.js';
import type { EventRecord, ObjectAlert } from '../../events/event-record.js';
import type { WebhookRule } from './webhook-settings.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The JSON body: which camera, which event, start or end, its times, peak and picture URLs. */
export interface WebhookBody {
  camera: string;
  eventId: string;
  type: EventType;
  start: number;
  end: number | null;
  peakScore: number | null;
  snapshotUrl: string | null;
  thumbnailUrl: string | null;
  /** An `object` event's words ("Person at Front door · Driveway"): the objects this request is about, the camera's name, their zones. */
  summary?: string;
  /** The objects this request is about (an `object` event: the new ones the rule's labels and zones match; an end: all of the event's), and the names they are followed as. */
  objects?: EventObject[];
  labels?: string[];
}

/** What an object event's request is about: the camera's display name and the new objects the rule matched. */
export interface ObjectNews {
  name: string;
  objects: EventObject[];
}

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

const labelsOf = (objects: readonly EventObject[]) => [...new Set(objects.map((o) => o.tracked))];

/**
 * The request `rule` makes for an event; `publicUrl` (or '') makes the picture URLs absolute. An
 * `object` event needs `news`: the objects it tells of.
 */
export function webhookRequest(rule: WebhookRule, type: EventType, record: EventRecord, publicUrl: string | null, news?: ObjectNews): WebhookRequest {
  const e = publicEvent(record, publicUrl ?? '');
  if (type === 'object' && news) return objectRequest(rule, e, news, publicUrl);
  const body: WebhookBody = {
    camera: e.camera,
    eventId: e.id,
    type,
    start: e.start,
    end: e.end,
    peakScore: e.peakScore,
    snapshotUrl: e.snapshotUrl,
    thumbnailUrl: e.thumbnailUrl,
    // A motion event's body is as it always was; an event that had objects tells them at its end.
    ...(e.objects ? { objects: e.objects, labels: labelsOf(e.objects) } : {}),
  };
  if (rule.format !== 'ntfy') return { url: rule.url, headers: { 'Content-Type': 'application/json', ...rule.headers }, body: JSON.stringify(body) };
  const peak = e.peakScore === null ? '' : ` (peak: ${e.peakScore}% of the picture)`;
  const message =
    type === 'start'
      ? `Motion on ${e.camera} since ${time(e.start)}${peak}`
      : `Motion on ${e.camera} ended: ${time(e.start)} to ${time(e.end ?? e.start)}${peak}`;
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    Title: `Motion on ${e.camera}`,
    Tags: type === 'start' ? 'rotating_light,camera' : 'camera',
  };
  // ntfy opens Click on a tap; it must be absolute, so only with publicUrl (the browser then signs in).
  if (publicUrl && e.snapshotUrl) headers.Click = e.snapshotUrl;
  return { url: rule.url, headers: { ...headers, ...rule.headers }, body: message };
}

/** An object event: the JSON body with `summary`, `objects` and `labels`, or ntfy's message titled with the summary and tagged per label. */
function objectRequest(rule: WebhookRule, e: ReturnType<typeof publicEvent>, news: ObjectNews, publicUrl: string | null): WebhookRequest {
  const summary = eventSummary(news.name, news.objects);
  const labels = labelsOf(news.objects);
  if (rule.format !== 'ntfy') {
    const body: WebhookBody = {
      camera: e.camera,
      eventId: e.id,
      type: 'object',
      start: e.start,
      end: e.end,
      peakScore: e.peakScore,
      snapshotUrl: e.snapshotUrl,
      thumbnailUrl: e.thumbnailUrl,
      summary,
      objects: news.objects,
      labels,
    };
    return { url: rule.url, headers: { 'Content-Type': 'application/json', ...rule.headers }, body: JSON.stringify(body) };
  }
  const seen = Math.min(...news.objects.map((o) => o.at));
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    // eventSummary has no control characters; "·" and zone names need the encoding below.
    Title: headerText(summary),
    // A tag per label: ntfy shows a tag that is an emoji's short name (`dog`, `car`) as the emoji, others as words.
    Tags: ['rotating_light', ...labels.map((l) => l.replace(/[ ,]/g, '_'))].join(','),
  };
  if (publicUrl && e.snapshotUrl) headers.Click = e.snapshotUrl;
  return { url: rule.url, headers: { ...headers, ...rule.headers }, body: `${summary}, seen ${time(seen)}` };
}

/**
 * A header value as ntfy reads it: ASCII as is, anything else as an RFC 2047 encoded word, which ntfy
 * decodes (docs.ntfy.sh/publish, "e-mail style headers"). Raw Latin-1 bytes would show as `?`, and
 * fetch refuses anything beyond Latin-1.
 */
const headerText = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`);

/** A loitering or leaving alert's JSON body (#57): the object, its words, and the pictures of the event it is an object of, under way or ended. */
export type WebhookAlertBody = AlertFields;

/** The request `rule` makes for an alert on `camera`, told in `summary`; `record`: the event the object belongs to (events' `eventOf`), if any. */
export function alertRequest(
  rule: WebhookRule,
  camera: string,
  alert: ObjectAlert,
  summary: string,
  record: EventRecord | null,
  publicUrl: string | null,
): WebhookRequest {
  const labels = labelsOf([alert.object]);
  const body: WebhookAlertBody = alertFields(camera, alert, summary, labels, record, publicUrl ?? '');
  if (rule.format !== 'ntfy') {
    return { url: rule.url, headers: { 'Content-Type': 'application/json', ...rule.headers }, body: JSON.stringify(body) };
  }
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    Title: headerText(summary),
    // ntfy shows these short names as emoji: an hourglass for a stay, a wave for a leaving.
    Tags: [alert.kind === 'loitering' ? 'hourglass' : 'wave', ...labels.map((l) => l.replace(/[ ,]/g, '_'))].join(','),
  };
  if (publicUrl && body.snapshotUrl) headers.Click = body.snapshotUrl;
  return { url: rule.url, headers: { ...headers, ...rule.headers }, body: `${summary}, ${time(alert.at)}` };
}

/** The words of a test event, in the JSON body's `message` and as the ntfy message. */
export const TEST_MESSAGE = 'This is a test from camrelay';

/** The JSON body of a test event: `type` is `test`, the times now, no event id or pictures. */
export interface WebhookTestBody {
  camera: string;
  type: 'test';
  time: number;
  message: string;
}

/** "Send a test event": the request `rule` makes for a made-up event of type `test` on `camera`. */
export function webhookTestRequest(rule: WebhookRule, camera: string, now: number): WebhookRequest {
  if (rule.format !== 'ntfy') {
    const body: WebhookTestBody = { camera, type: 'test', time: now, message: TEST_MESSAGE };
    return { url: rule.url, headers: { 'Content-Type': 'application/json', ...rule.headers }, body: JSON.stringify(body) };
  }
  const headers = { 'Content-Type': 'text/plain; charset=utf-8', Title: `Test from camrelay (${camera})`, Tags: 'camera' };
  return { url: rule.url, headers: { ...headers, ...rule.headers }, body: `${TEST_MESSAGE}: ${camera} at ${time(now)}` };
}
