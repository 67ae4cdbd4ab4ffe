/**
 * The events a review request covers, as `GET /api/events` reads them (server/recording/events/events-in-range.ts),
 * shown as the API shows them. With no recording module there are no events: an empty list, not an error.
 */
import type { Request } from 'express';
import type { MotionEvent } from '../../shared/events.js';
import { ok, type Result } from '../../shared/result.js';
import type { Principal } from '../auth/authenticator.js';
import { publicEvent, shownTo } from '../events/public-event.js';
import { eventsInRange } from '../recording/events/events-in-range.js';
import type { RecordingManager } from '../recording/recording-manager.js';

/** The events of a range: `query` holds `from`/`to` (or `day`) and `camera` as `GET /api/events` takes them. */
export async function reviewEvents(
  manager: RecordingManager | undefined,
  principal: Principal,
  query: Request['query'],
  now: number,
): Promise<Result<{ from: number; to: number; events: MotionEvent[] }>> {
  const found = await eventsInRange(manager, principal, query, now);
  if (!found.ok) return found;
  const { from, to, events } = found.value;
  return ok({ from, to, events: manager ? events.map((e) => shownTo(principal, manager.events.fields.apply(e, publicEvent(e)))) : [] });
}
