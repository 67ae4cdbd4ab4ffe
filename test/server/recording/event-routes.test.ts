/**
 * The events routes on a real relay: every event of a range, an event's pictures, who may see
 * them, and no path from a request to a file but through the index. Events are made by the
 * relay's own event log from real JPEGs (motion.test.ts covers how detection makes them).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import type { EventList, MotionEvent } from '../../../shared/events.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { dayOf, daysAgo } from '../../helpers/days-ago.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { sceneJpeg } from './motion/scene.js';
import { startReceiver, type Receiver } from '../notifications/webhooks/receiver.js';

const ALICE = { username: 'alice', password: 'alice-password-1' };
const alice = { authorization: `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}` };
// Two days and one day ago: events of fixed dates are forgotten by the relay's 7-day retention a week on.
const T0 = daysAgo(2);
const DAY2 = daysAgo(1);
const D1 = dayOf(T0);
const D2 = dayOf(DAY2);
let server: TestServer;
let snapshot: Buffer;
let receiver: Receiver;

/** An event of `camera` from `start` for 4 s, its peak picture `snapshot`. */
function event(camera: string, start: number): void {
  server.recording.events.signal(camera, { type: 'start', at: start }, { at: start + 1000, score: 7.5, jpeg: snapshot });
  server.recording.events.signal(camera, { type: 'end', at: start + 4000 });
}

beforeAll(async () => {
  receiver = await startReceiver();
  server = await startTestServer({
    recording: {
      ...RECORDING_DEFAULTS,
      cameras: { door: { mode: 'continuous' }, yard: { mode: 'continuous' } },
      webhooks: [{ url: `${receiver.url}/api/webhook/camrelay`, cameras: ['yard'] }],
      publicUrl: 'https://cams.example.com',
    },
  });
  server.store.putUser({ username: ALICE.username, role: 'viewer', cameras: ['yard'], password: await hashPassword(ALICE.password) });
  snapshot = await sceneJpeg({ square: { x: 100, y: 100 } });
  event('door', T0);
  event('yard', T0 + 60_000);
  event('door', T0 + 120_000);
  // The next day, a gate event with a car the detector confirmed (followed as a vehicle).
  server.recording.events.signal('gate', { type: 'start', at: DAY2 }, { at: DAY2 + 500, score: 5, jpeg: snapshot });
  const car = { label: 'car', tracked: 'vehicle', score: 0.6, box: [10, 10, 80, 40] as [number, number, number, number], zones: [], at: DAY2 + 1000, id: 7 };
  server.recording.events.objects('gate', { started: [car], at: DAY2 + 1000, jpeg: snapshot, boxes: { width: 640, height: 360, boxes: [car] } });
  server.recording.events.signal('gate', { type: 'end', at: DAY2 + 4000 });
  // A motion-only gate event that day too.
  event('gate', DAY2 + 60_000);
  await server.recording.events.idle();
});
afterAll(async () => {
  await stopTestServer(server);
  await receiver.close();
});

const get = (route: string, headers: Record<string, string> = server.adminAuth) => fetch(`${server.url}${route}`, { headers });
const list = async (query: string, headers?: Record<string, string>) =>
  (await (await get(`/api/events?${query}`, headers)).json()) as { events: MotionEvent[] };

describe('GET /api/events', () => {
  it('lists the events of a day across cameras, newest first, with their pictures’ URLs', async () => {
    const res = await get(`/api/events?day=${D1}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as EventList;
    expect([body.from, body.to]).toEqual([Date.parse(D1), Date.parse(D2)]);
    expect(body.events.map((e) => [e.camera, e.start])).toEqual([
      ['door', T0 + 120_000],
      ['yard', T0 + 60_000],
      ['door', T0],
    ]);
    expect(body.events[2]).toEqual({
      id: String(T0),
      camera: 'door',
      start: T0,
      end: T0 + 4000,
      cutShort: false,
      peakScore: 7.5,
      peakAt: T0 + 1000,
      snapshotUrl: `/api/cameras/door/events/${T0}/snapshot.jpg`,
      thumbnailUrl: `/api/cameras/door/events/${T0}/thumbnail.jpg`,
    });
  });

  it('keeps the events with an object of a label or followed name, or the motion-only ones, and refuses another label', async () => {
    const starts = async (label: string) => (await list(`day=${D2}&label=${label}`)).events.map((e) => e.start);
    expect(await starts('car')).toEqual([DAY2]);
    expect(await starts('vehicle')).toEqual([DAY2]);
    expect(await starts('person')).toEqual([]);
    expect(await starts('none')).toEqual([DAY2 + 60_000]);
    const bad = await get(`/api/events?day=${D2}&label=unicorn`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('BAD_REQUEST');
  });

  it('keeps one camera, or a from/to range', async () => {
    expect((await list(`day=${D1}&camera=yard`)).events.map((e) => e.start)).toEqual([T0 + 60_000]);
    expect((await list(`from=${T0 + 30_000}&to=${T0 + 90_000}`)).events.map((e) => e.start)).toEqual([T0 + 60_000]);
  });

  it('shows a viewer only the cameras they may watch, and refuses the others as unknown', async () => {
    expect((await list(`day=${D1}`, alice)).events.map((e) => e.camera)).toEqual(['yard']);
    const res = await get(`/api/events?day=${D1}&camera=door`, alice);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('UNKNOWN_CAMERA');
  });

  it('refuses a bad range or camera', async () => {
    for (const query of ['day=../../etc', `from=1&to=${2 * 86_400_000}`, 'camera=..%2Fyard', 'camera=a&camera=b']) {
      const res = await get(`/api/events?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});

describe('event pictures', () => {
  it('serves the snapshot as it was and a 320 px thumbnail', async () => {
    const res = await get(`/api/cameras/door/events/${T0}/snapshot.jpg`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(Buffer.from(await res.arrayBuffer()).equals(snapshot)).toBe(true);
    const thumb = await get(`/api/cameras/door/events/${T0}/thumbnail.jpg`);
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(320);
  });

  it('shows the pictures’ URLs in the day’s recordings too', async () => {
    const body = (await (await get(`/api/cameras/door/recordings?day=${D1}`)).json()) as { events: MotionEvent[] };
    expect(body.events.map((e) => e.snapshotUrl)).toEqual([
      `/api/cameras/door/events/${T0}/snapshot.jpg`,
      `/api/cameras/door/events/${T0 + 120_000}/snapshot.jpg`,
    ]);
  });

  it("serves an object's own best picture at the URL its event lists, and nothing for an object without one (#57)", async () => {
    const [gate] = (await list(`day=${D2}&label=car`)).events;
    const url = `/api/cameras/gate/events/${DAY2}/objects/7.jpg`;
    expect(gate!.objects).toEqual([expect.objectContaining({ id: 7, label: 'car', pictureUrl: url })]);
    expect(gate!.objects![0]).not.toHaveProperty('picture');
    const res = await get(url);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(Buffer.from(await res.arrayBuffer()).equals(snapshot)).toBe(true);
    for (const route of [
      `/api/cameras/gate/events/${DAY2}/objects/8.jpg`,
      `/api/cameras/gate/events/${DAY2}/objects/-7.jpg`,
      `/api/cameras/gate/events/${DAY2}/objects/7.5.jpg`,
      `/api/cameras/gate/events/${DAY2}/objects/..%2F..%2Fusers.json.jpg`,
      `/api/cameras/gate/events/${DAY2 + 60_000}/objects/7.jpg`,
    ]) {
      const refused = await get(route);
      expect([refused.status, ((await refused.json()) as { error: string }).error], route).toEqual([404, 'NO_EVENT']);
    }
    expect((await get(url, alice)).status).toBe(404);
    expect((await fetch(`${server.url}${url}`)).status).toBe(401);
  });

  it('refuses every events route without credentials', async () => {
    for (const route of ['/api/events', `/api/cameras/door/events/${T0}/snapshot.jpg`, `/api/cameras/door/events/${T0}/thumbnail.jpg`])
      expect((await fetch(`${server.url}${route}`)).status, route).toBe(401);
  });

  it('gives a viewer the pictures of their cameras only', async () => {
    expect((await get(`/api/cameras/yard/events/${T0 + 60_000}/snapshot.jpg`, alice)).status).toBe(200);
    for (const picture of ['snapshot', 'thumbnail']) {
      const res = await get(`/api/cameras/door/events/${T0}/${picture}.jpg`, alice);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe('UNKNOWN_CAMERA');
    }
  });

  it('reaches no file but through the index: traversal, foreign and unknown ids are NO_EVENT or refused', async () => {
    for (const route of [
      `/api/cameras/door/events/${T0 + 60_000}/snapshot.jpg`,
      `/api/cameras/door/events/${T0 + 1}/snapshot.jpg`,
      `/api/cameras/door/events/${T0}.event.json/snapshot.jpg`,
      `/api/cameras/door/events/..%2F..%2F..%2Fusers.json/snapshot.jpg`,
      `/api/cameras/door/events/%2e%2e%2f%2e%2e%2fusers.json/thumbnail.jpg`,
      `/api/cameras/door/events/..%252F..%252Fusers.json/snapshot.jpg`,
      `/api/cameras/door/events/${T0}%00/snapshot.jpg`,
      `/api/cameras/..%2F..%2Fusers.json/events/${T0}/snapshot.jpg`,
      `/api/cameras/door%2F..%2Fyard/events/${T0 + 60_000}/snapshot.jpg`,
    ]) {
      const res = await get(route);
      expect([400, 404], route).toContain(res.status);
      expect(res.headers.get('content-type'), route).toMatch(/json/);
    }
    // A name beside the event's is no route at all.
    const beside = await get(`/api/cameras/door/events/${T0}/..%2F${T0}.event.json`);
    expect(beside.status).toBe(404);
    expect(await beside.text()).not.toContain('peakScore');
    const unknown = await get(`/api/cameras/door/events/${T0 + 5}/snapshot.jpg`);
    expect(((await unknown.json()) as { error: string }).error).toBe('NO_EVENT');
  });
});

describe('webhooks on a relay', () => {
  it('tells the receiver of its camera’s events with absolute URLs, and counts deliveries in /metrics', async () => {
    await waitFor(() => receiver.received.length === 2, 'the start and end of yard’s event');
    expect(receiver.received.map((r) => JSON.parse(r.body) as { type: string; snapshotUrl: string }).map((b) => [b.type, b.snapshotUrl])).toEqual([
      ['start', `https://cams.example.com/api/cameras/yard/events/${T0 + 60_000}/snapshot.jpg`],
      ['end', `https://cams.example.com/api/cameras/yard/events/${T0 + 60_000}/snapshot.jpg`],
    ]);
    const text = await (await get('/metrics')).text();
    expect(text).toContain('camrelay_webhook_deliveries_total{outcome="delivered"} 2');
    expect(text).toContain('camrelay_webhook_queue 0');
  });
});
