/**
 * The review routes (#57 item 4, docs/review.md): a range's items sorted into alerts, detections and
 * motion with the caller's seen marks, and marking them seen or unseen, one by one or all of a range.
 * Any signed-in user, for the cameras they may view; marks are the caller's own.
 */
import type { Express, RequestHandler } from 'express';
import type { AlertRule } from '../../common/detect/detect-settings.js';
import { CamrelayError } from '../../shared/errors.js';
import type { ReviewList, ReviewSeenResult } from '../../shared/review.js';
import { canView } from '../auth/authenticator.js';
import { principalOf } from '../auth/http.js';
import { sendError } from '../http/http-errors.js';
import type { RecordingManager } from '../recording/recording-manager.js';
import { reviewEvents } from './review-events.js';
import { reviewKey, reviewList } from './review-list.js';
import { parseSeenAllRequest, parseSeenRequest, parseSeverity } from './review-requests.js';
import type { SeenMark, SeenStore } from './seen-store.js';

/** What the routes need: the recordings (absent when recording is off), each camera's alert rule, the marks, and the guards. */
export interface ReviewRouteDeps {
  manager: RecordingManager | undefined;
  ruleOf(camera: string): AlertRule;
  store: SeenStore;
  /** Any signed-in user. */
  user: RequestHandler;
  /** A change: a session cookie, the same origin, and a bounded JSON body. */
  change: RequestHandler[];
  now?: () => number;
}

export function attachReviewRoutes(app: Express, d: ReviewRouteDeps): void {
  const now = d.now ?? Date.now;

  app.get('/api/review', d.user, async (req, res) => {
    const severity = parseSeverity(req.query.severity);
    if (!severity.ok) return sendError(res, severity.error);
    const principal = principalOf(res);
    const got = await reviewEvents(d.manager, principal, req.query, now());
    if (!got.ok) return sendError(res, got.error);
    const list = reviewList({ ...got.value, ruleOf: d.ruleOf, seen: (key) => d.store.has(principal.username, key) }, severity.value);
    res.setHeader('Cache-Control', 'no-store');
    res.json(list satisfies ReviewList);
  });

  app.post('/api/review/seen', d.user, ...d.change, async (req, res) => {
    const request = parseSeenRequest(req.body);
    if (!request.ok) return sendError(res, request.error);
    const principal = principalOf(res);
    // Every key is checked before any is marked: a refused request changes nothing.
    if (request.value.keys.some((k) => !canView(principal, k.camera))) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    const marks: SeenMark[] = [];
    for (const { camera, eventId } of request.value.keys) {
      // Only events the index holds are marked; a mark taken off needs no event (retention may have deleted it).
      const event = request.value.seen ? await d.manager?.index.event(camera, eventId) : { start: Number(eventId) };
      if (event) marks.push({ key: reviewKey(camera, eventId), start: event.start });
    }
    const changed = await d.store.mark(principal.username, marks, request.value.seen);
    res.json({ changed, skipped: request.value.keys.length - marks.length } satisfies ReviewSeenResult);
  });

  app.post('/api/review/seen-all', d.user, ...d.change, async (req, res) => {
    const request = parseSeenAllRequest(req.body);
    if (!request.ok) return sendError(res, request.error);
    const principal = principalOf(res);
    const { query, severity } = request.value;
    const got = await reviewEvents(d.manager, principal, query, now());
    if (!got.ok) return sendError(res, got.error);
    const { items } = reviewList({ ...got.value, ruleOf: d.ruleOf, seen: () => false }, severity);
    const changed = await d.store.mark(
      principal.username,
      items.map((i) => ({ key: i.key, start: i.event.start })),
    );
    res.json({ changed, skipped: 0 } satisfies ReviewSeenResult);
  });
}
