/**
 * The review page's calls (shared/review.ts, docs/review.md): a day's items from `GET /api/review`,
 * checked field by field since the answer is untrusted JSON, and the seen marks sent back in
 * batches the server accepts. Also what the page says of a day with nothing to show.
 */
import {
  REVIEW_SEEN_MAX_IDS,
  REVIEW_SEVERITIES,
  type ReviewItem,
  type ReviewList,
  type ReviewSeenResult,
  type ReviewSeverity,
} from '../../../shared/review.js';
import type { MotionEvent } from '../../../shared/events.js';
import type { ApiError, ApiResult, Unchecked } from '../api.js';

export type Get = <T>(path: string) => Promise<ApiResult<T>>;
export type Post = <T>(path: string, body: unknown) => Promise<ApiResult<T>>;

/** A day past this many items shows its newest: a card each is what a person can go through. */
export const REVIEW_ITEMS_SHOWN = 2000;
/** Terms and zones an item keeps: the search box and the chips need a few, the JSON may hold any number. */
const LIST_MAX = 64;
const TEXT_MAX = 200;

export type Loaded = { ok: true; list: ReviewList } | { ok: false; message: string };

const strings = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .slice(0, LIST_MAX)
        .filter((s): s is string => typeof s === 'string')
        .map((s) => s.slice(0, TEXT_MAX))
    : [];

/** One item as the page uses it, or null when a field it needs is missing or of the wrong kind. */
export function parseItem(raw: unknown): ReviewItem | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Unchecked<ReviewItem>;
  const e = r.event as Unchecked<MotionEvent> | undefined;
  if (typeof r.key !== 'string' || typeof e !== 'object' || e === null) return null;
  if (typeof e.camera !== 'string' || typeof e.id !== 'string' || typeof e.start !== 'number') return null;
  if (!(REVIEW_SEVERITIES as readonly unknown[]).includes(r.severity)) return null;
  const event = { ...(e as MotionEvent), labels: strings(e.labels) };
  return {
    key: r.key.slice(0, TEXT_MAX),
    event,
    severity: r.severity as ReviewSeverity,
    zones: strings(r.zones),
    terms: strings(r.terms).map((t) => t.toLowerCase()),
    seen: r.seen === true,
  };
}

/**
 * The plates read on an event's vehicles (#58), each once, from untrusted JSON: its text (plate characters) and the
 * known plate's name when it has one. The relay sends them only to a user who may see them.
 */
export function platesOf(e: Pick<MotionEvent, 'objects'>): Array<{ text: string; name: string | null }> {
  const objects: unknown[] = Array.isArray(e.objects) ? e.objects.slice(0, LIST_MAX) : [];
  const found = new Map<string, string | null>();
  for (const o of objects) {
    const plate = typeof o === 'object' && o !== null ? (o as { plate?: unknown }).plate : undefined;
    if (typeof plate !== 'object' || plate === null) continue;
    const { text, name } = plate as { text?: unknown; name?: unknown };
    if (typeof text !== 'string' || !/^[A-Z0-9]{2,12}$/.test(text)) continue;
    if (!found.has(text) || typeof name === 'string') found.set(text, typeof name === 'string' ? name.slice(0, 40) : null);
  }
  return [...found].map(([text, name]) => ({ text, name }));
}

/**
 * Who the event's persons are (#58), each once, from untrusted JSON: a known face's name, or "unknown person" for a
 * face no one enrolled; a person whose face was not seen is not listed. The relay sends faces only to a user who may see them.
 */
export function facesOf(e: Pick<MotionEvent, 'objects'>): string[] {
  const objects: unknown[] = Array.isArray(e.objects) ? e.objects.slice(0, LIST_MAX) : [];
  const found = new Set<string>();
  for (const o of objects) {
    const face = typeof o === 'object' && o !== null ? (o as { face?: unknown }).face : undefined;
    if (typeof face !== 'object' || face === null) continue;
    const { name } = face as { name?: unknown };
    found.add(typeof name === 'string' && name.trim() ? name.trim().slice(0, 40) : 'unknown person');
  }
  return [...found];
}

/** Unseen counts by severity; a missing or odd count is 0. */
function parseUnseen(raw: unknown): Record<ReviewSeverity, number> {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const count = (s: ReviewSeverity) => (typeof r[s] === 'number' && Number.isFinite(r[s]) ? Math.max(0, Math.floor(r[s])) : 0);
  return { alert: count('alert'), detection: count('detection'), motion: count('motion') };
}

/** The items of [from, to) the signed-in user may view, newest first, with their seen marks. */
export async function loadReview(get: Get, from: number, to: number): Promise<Loaded> {
  const r = await get<Unchecked<ReviewList>>(`/api/review?from=${from}&to=${to}`);
  if (!r.ok) return { ok: false, message: whatToDo(r.status, r.body) };
  const raw = Array.isArray(r.body.items) ? r.body.items.slice(0, REVIEW_ITEMS_SHOWN) : [];
  const items = raw.map(parseItem).filter((i): i is ReviewItem => i !== null);
  return { ok: true, list: { from, to, items, unseen: parseUnseen(r.body.unseen) } };
}

/** The server's words and what a person can do about them. */
export function whatToDo(status: number, { error, message }: ApiError): string {
  if (status === 0) return `${message} Check that the relay is running, then press Reload.`;
  // An older relay answers the page's HTML (or 404) where it has no review routes.
  if (status === 404 || error === 'BAD_RESPONSE') return 'This relay has no review page yet: update it, then press Reload.';
  if (status === 401 || status === 403) return `${message} Sign in again, then press Reload.`;
  return `${message} Press Reload to try again.`;
}

/** Marks `keys` seen (or unseen) for the signed-in user, REVIEW_SEEN_MAX_IDS at a time; null when done, else the error's words. */
export async function markSeen(post: Post, keys: readonly string[], seen = true): Promise<string | null> {
  for (let i = 0; i < keys.length; i += REVIEW_SEEN_MAX_IDS) {
    const r = await post<ReviewSeenResult>('/api/review/seen', { keys: keys.slice(i, i + REVIEW_SEEN_MAX_IDS), seen });
    if (!r.ok) return whatToDo(r.status, r.body);
  }
  return null;
}

/** Marks every item of [from, to) of the severity (and camera, when given) seen; null when done, else the error's words. */
export async function markAllSeen(post: Post, from: number, to: number, severity: ReviewSeverity, camera: string): Promise<string | null> {
  const r = await post<ReviewSeenResult>('/api/review/seen-all', { from, to, severity, ...(camera ? { camera } : {}) });
  return r.ok ? null : whatToDo(r.status, r.body);
}

/** `alerts`, `detections`, `motion events`: a tab's items in words, `n` of them. */
export function severityWords(severity: ReviewSeverity, n = 2): string {
  if (severity === 'motion') return n === 1 ? 'motion event' : 'motion events';
  return n === 1 ? severity : `${severity}s`;
}

/** The tab's name with its unseen count: `Alerts (3 unseen)`, `Motion`. */
export function tabText(severity: ReviewSeverity, unseen: number): string {
  if (severity === 'motion') return unseen > 0 ? `Motion (${unseen} unseen)` : 'Motion';
  const name = severity === 'alert' ? 'Alerts' : 'Detections';
  return `${name} (${unseen} unseen)`;
}

/**
 * What the list says when it shows nothing: narrowed by filters, a day with no such items, or a day of
 * motion only on cameras whose detection is off (`detectionOff`, when every camera asked said so).
 */
export function emptyText(severity: ReviewSeverity, day: string, o: { total: number; filtered: boolean; onlyMotion: boolean; detectionOff: boolean }): string {
  if (o.filtered && o.total > 0) return `No ${severityWords(severity)} on ${day} match the filters: clear them to see all ${o.total}.`;
  if (severity !== 'motion' && o.onlyMotion && o.detectionOff) return 'Detection is off on every camera: turn it on in Settings → Detection to get alerts.';
  return `No ${severityWords(severity)} on ${day}.`;
}
