/**
 * What a webhook sends for an event: the event as JSON, or for `ntfy` a plain-text message with
 * ntfy's Title, Tags and Click headers. Pure: the sender does the I/O.
 */
import type { EventType } from '../events/event-log.js';
import { publicEvent } from '../events/public-event.js';
import type { EventRecord } from '../segment-files.js';
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
}

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** The request `rule` makes for an event; `publicUrl` (or '') makes the picture URLs absolute. */
export function webhookRequest(rule: WebhookRule, type: EventType, record: EventRecord, publicUrl: string | null): WebhookRequest {
  const e = publicEvent(record, publicUrl ?? '');
  const body: WebhookBody = {
    camera: e.camera,
    eventId: e.id,
    type,
    start: e.start,
    end: e.end,
    peakScore: e.peakScore,
    snapshotUrl: e.snapshotUrl,
    thumbnailUrl: e.thumbnailUrl,
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
