/**
 * The review routes on a real relay with real recorded events (made by the relay's own event log, as
 * test/server/recording/event-routes.test.ts makes them): items sorted by each camera's alert rule, two
 * admins' seen marks kept apart, a viewer held to their camera, and bad bodies refused with their codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import type { EventObject } from '../../../shared/events.js';
import type { ReviewList, ReviewSeenResult } from '../../../shared/review.js';
import { daysAgo } from '../../helpers/days-ago.js';
import { setDetection } from '../../helpers/detection-api.js';
import { postFrame } from '../../helpers/fake-recordings.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs } from '../../helpers/two-admins.js';
import { login } from '../../security/helpers/session.js';
import { sceneJpeg } from '../recording/motion/scene.js';

const ANA = { username: 'ana', password: 'ana-password-1234' };
const BEN = { username: 'ben', password: 'ben-password-1234' };
const VAL = { username: 'val', password: 'val-password-1234' };
// Two days ago: retention (7 days) keeps it, and no event of today's cameras runs into it.
const T0 = daysAgo(2);
const RANGE = `from=${T0 - 1000}&to=${T0 + 3_600_000}`;
const SQUARE = [
  { x: 0.1, y: 0.1 },
  { x: 0.5, y: 0.1 },
  { x: 0.5, y: 0.5 },
];
let server: TestServer;
let ana: string;
let ben: string;
let val: string;

const object = (label: string, tracked: string, zones: string[], at: number) => ({
  label,
  tracked,
  score: 0.7,
  box: [10, 10, 80, 40] as EventObject['box'],
  zones,
  at,
});

/** An event of `camera` at `start` for 4 s, with these objects (none: motion only). */
async function event(camera: string, start: number, objects: ReturnType<typeof object>[] = []): Promise<void> {
  const jpeg = await sceneJpeg({ square: { x: 100, y: 100 } });
  const events = server.recording.events;
  events.signal(camera, { type: 'start', at: start }, { at: start + 500, score: 5, jpeg });
  if (objects.length) events.objects(camera, { started: objects, at: start + 1000, jpeg, boxes: { width: 640, height: 360, boxes: objects } });
  events.signal(camera, { type: 'end', at: start + 4000 });
}

const review = async (cookie: string, query = '') => {
  const res = await fetch(`${server.url}/api/review?${RANGE}${query}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as ReviewList & { error?: string } };
};
const seen = (cookie: string, body: unknown) => sendAs<ReviewSeenResult & { error?: string }>(server, cookie, 'POST', '/api/review/seen', body);
const seenAll = (cookie: string, body: unknown) => sendAs<ReviewSeenResult & { error?: string }>(server, cookie, 'POST', '/api/review/seen-all', body);

beforeAll(async () => {
  server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { door: { mode: 'continuous' }, yard: { mode: 'continuous' } } } });
  for (const u of [ANA, BEN]) server.store.putUser({ username: u.username, role: 'admin', cameras: '*', password: await hashPassword(u.password) });
  server.store.putUser({ username: VAL.username, role: 'viewer', cameras: ['yard'], password: await hashPassword(VAL.password) });
  [ana, ben, val] = [await login(server, ANA), await login(server, BEN), await login(server, VAL)];
  // The door alerts on people in its Porch only; the yard keeps the default rule (person, car, anywhere).
  expect(await postFrame(server, 'door')).toBeLessThan(300);
  expect(await setDetection(server, ana, 'door', { zones: [{ name: 'Porch', points: SQUARE }], alerts: { labels: ['person'], zones: ['porch'] } })).toBe(200);
  await event('door', T0, [object('person', 'person', ['Porch'], T0 + 1000)]);
  await event('door', T0 + 60_000, [object('person', 'person', [], T0 + 61_000)]);
  await event('yard', T0 + 120_000, [object('car', 'vehicle', ['Lane'], T0 + 121_000), object('dog', 'animal', ['Lane', 'Lawn'], T0 + 121_000)]);
  await event('yard', T0 + 180_000, [object('dog', 'animal', [], T0 + 181_000)]);
  await event('yard', T0 + 240_000);
  await server.recording.events.idle();
});
afterAll(() => stopTestServer(server));

describe('GET /api/review', () => {
  it('sorts each event by its camera’s alert rule, newest first, with its zones and search terms', async () => {
    const { status, body } = await review(ana);
    expect(status).toBe(200);
    expect(body.items.map((i) => [i.key, i.severity, i.seen])).toEqual([
      [`yard/${T0 + 240_000}`, 'motion', false],
      [`yard/${T0 + 180_000}`, 'detection', false],
      [`yard/${T0 + 120_000}`, 'alert', false],
      [`door/${T0 + 60_000}`, 'detection', false],
      [`door/${T0}`, 'alert', false],
    ]);
    expect(body.items[2]).toMatchObject({ zones: ['Lane', 'Lawn'], terms: ['yard', 'car', 'vehicle', 'lane', 'dog', 'animal', 'lawn'] });
    expect(body.items[2]!.event).toMatchObject({ camera: 'yard', start: T0 + 120_000, labels: ['vehicle', 'animal'] });
    expect(body.unseen).toEqual({ alert: 2, detection: 2, motion: 1 });
  });

  it('narrows to one severity and one camera, and counts unseen items before the severity narrows', async () => {
    const { body } = await review(ana, '&camera=yard&severity=alert');
    expect(body.items.map((i) => i.key)).toEqual([`yard/${T0 + 120_000}`]);
    expect(body.unseen).toEqual({ alert: 1, detection: 1, motion: 1 });
  });

  it('refuses a severity it does not know and a range it would not list events for', async () => {
    expect((await review(ana, '&severity=loud')).body.error).toBe('BAD_REVIEW_REQUEST');
    const res = await fetch(`${server.url}/api/review?from=5&to=1`, { headers: { cookie: ana } });
    expect(((await res.json()) as { error: string }).error).toBe('BAD_TIME_RANGE');
  });
});

describe('seen marks', () => {
  it('keeps two admins’ marks apart', async () => {
    expect((await seen(ana, { keys: [`door/${T0}`, `yard/${T0 + 240_000}`] })).body).toEqual({ changed: 2, skipped: 0 });
    expect((await review(ana)).body.unseen).toEqual({ alert: 1, detection: 2, motion: 0 });
    expect((await review(ben)).body.unseen).toEqual({ alert: 2, detection: 2, motion: 1 });
    expect((await seen(ben, { keys: [`door/${T0 + 60_000}`] })).body.changed).toBe(1);
    expect((await review(ana)).body.items.find((i) => i.key === `door/${T0 + 60_000}`)?.seen).toBe(false);
  });

  it('takes a mark off with seen: false, and skips keys of events the index does not hold', async () => {
    expect((await seen(ana, { keys: [`door/${T0}`], seen: false })).body).toEqual({ changed: 1, skipped: 0 });
    expect((await seen(ana, { keys: [`door/${T0}`, 'door/0000000000001'] })).body).toEqual({ changed: 1, skipped: 1 });
  });

  it('marks every item of a range and severity the caller may see with seen-all', async () => {
    expect((await seenAll(ben, { from: T0 - 1000, to: T0 + 3_600_000, severity: 'alert' })).body).toEqual({ changed: 2, skipped: 0 });
    expect((await review(ben)).body.unseen).toEqual({ alert: 0, detection: 1, motion: 1 });
    expect((await seenAll(ben, { from: T0 - 1000, to: T0 + 3_600_000, camera: 'yard' })).body.changed).toBe(2);
    expect((await review(ben)).body.unseen).toEqual({ alert: 0, detection: 0, motion: 0 });
  });
});

describe('a viewer of one camera', () => {
  it('sees only that camera’s items', async () => {
    const { body } = await review(val);
    expect(new Set(body.items.map((i) => i.event.camera))).toEqual(new Set(['yard']));
    expect((await review(val, '&camera=door')).body.error).toBe('UNKNOWN_CAMERA');
  });

  it('cannot mark another camera’s item, and a refused request marks nothing', async () => {
    const refused = await seen(val, { keys: [`yard/${T0 + 240_000}`, `door/${T0}`] });
    expect([refused.status, refused.body.error]).toEqual([404, 'UNKNOWN_CAMERA']);
    expect((await review(val)).body.unseen).toEqual({ alert: 1, detection: 1, motion: 1 });
    expect((await seenAll(val, { from: T0 - 1000, to: T0 + 3_600_000, camera: 'door' })).body.error).toBe('UNKNOWN_CAMERA');
    expect((await seenAll(val, { from: T0 - 1000, to: T0 + 3_600_000 })).body.changed).toBe(3);
    expect((await review(ana)).body.items.find((i) => i.key === `door/${T0 + 60_000}`)?.seen).toBe(false);
  });
});

describe('bad requests', () => {
  it('refuses bad bodies with their codes and keeps serving', async () => {
    const keys = Array.from({ length: 501 }, (_, i) => `yard/${String(T0 + i).padStart(13, '0')}`);
    const cases: [unknown, number, string][] = [
      [{ keys }, 413, 'REVIEW_TOO_MANY'],
      [{ keys: ['yard'] }, 400, 'BAD_REVIEW_KEY'],
      [{ keys: ['yard/12'] }, 400, 'BAD_REVIEW_KEY'],
      [{ keys: [`../x/${T0}`] }, 400, 'BAD_REVIEW_KEY'],
      [{ keys: [`bad.cam/${T0}`] }, 400, 'BAD_CAMERA_ID'],
      [{ keys: [{ camera: 'yard' }] }, 400, 'BAD_REVIEW_KEY'],
      [{ keys: [], seen: 'yes' }, 400, 'BAD_REVIEW_REQUEST'],
      [{ ids: [] }, 400, 'BAD_REVIEW_REQUEST'],
      [[`yard/${T0}`], 400, 'BAD_REVIEW_REQUEST'],
    ];
    for (const [body, status, error] of cases) {
      const res = await seen(ana, body);
      expect([res.status, res.body.error], JSON.stringify(body).slice(0, 80)).toEqual([status, error]);
    }
    expect((await seenAll(ana, { from: 'today', to: T0 })).body.error).toBe('BAD_REVIEW_REQUEST');
    expect((await seenAll(ana, { from: T0, to: T0 + 1000, severity: 'all' })).body.error).toBe('BAD_REVIEW_REQUEST');
    expect((await seenAll(ana, { from: T0 + 1000, to: T0 })).body.error).toBe('BAD_TIME_RANGE');
    const huge = await seen(ana, { keys: ['x'.repeat(70_000)] });
    expect([huge.status, huge.body.error]).toEqual([413, 'BODY_TOO_LARGE']);
    expect((await review(ana)).status).toBe(200);
  });

  it('asks for a session cookie to change marks, as every change does', async () => {
    const res = await fetch(`${server.url}/api/review/seen`, {
      method: 'POST',
      headers: { ...server.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ keys: [`yard/${T0}`] }),
    });
    expect(res.status).toBe(403);
  });
});
