/** Webhooks against a real local receiver: delivery, retries with backoff, giving up, timeouts, a bounded queue, ntfy's form. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventObject } from '../../../../shared/events.js';
import type { EventRecord, ObjectAlert } from '../../../../server/events/event-record.js';
import { MOTION_DEFAULTS } from '../../../../server/recording/settings.js';
import { Webhooks, type WebhooksOptions } from '../../../../server/notifications/webhooks/webhooks.js';
import { waitFor } from '../../../helpers/wait.js';
import { drive, square } from '../../recording/motion/drive.js';
import { startReceiver, type Receiver } from './receiver.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const event: EventRecord = { id: String(T0), camera: 'door', start: T0, end: null, peakScore: 4.2, peakAt: T0 + 400, pictures: true };
const ended: EventRecord = { ...event, end: T0 + 9000, peakScore: 12.5 };
let receivers: Receiver[] = [];
let hooks: Webhooks[] = [];

afterEach(async () => {
  hooks.forEach((h) => h.close());
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
  hooks = [];
});

async function setup(answers: Array<number | 'hold'>, options: Partial<WebhooksOptions> = {}, rule: object = {}) {
  const receiver = await startReceiver(answers);
  receivers.push(receiver);
  const errors: string[] = [];
  const webhooks = new Webhooks({
    rules: [{ url: `${receiver.url}/hook/abc`, ...rule }],
    publicUrl: 'https://cams.example.com',
    backoffMs: 10,
    onError: (m) => errors.push(m),
    ...options,
  });
  hooks.push(webhooks);
  return { receiver, webhooks, errors };
}

describe('Webhooks', () => {
  it('posts the event as JSON for its start and its end, in order, with the rule’s headers', async () => {
    const { receiver, webhooks } = await setup([200], {}, { headers: { Authorization: 'Bearer s3cret' } });
    webhooks.notify('start', event);
    webhooks.notify('end', ended);
    await waitFor(() => webhooks.counts.delivered === 2, 'both delivered');
    expect(receiver.received.map((r) => [r.method, r.path, r.headers['content-type'], r.headers.authorization])).toEqual([
      ['POST', '/hook/abc', 'application/json', 'Bearer s3cret'],
      ['POST', '/hook/abc', 'application/json', 'Bearer s3cret'],
    ]);
    expect(JSON.parse(receiver.received[1]!.body)).toEqual({
      camera: 'door',
      eventId: String(T0),
      type: 'end',
      start: T0,
      end: T0 + 9000,
      peakScore: 12.5,
      snapshotUrl: `https://cams.example.com/api/cameras/door/events/${T0}/snapshot.jpg`,
      thumbnailUrl: `https://cams.example.com/api/cameras/door/events/${T0}/thumbnail.jpg`,
    });
  });

  it('tries again after a 500, waiting longer each time, and delivers', async () => {
    const { receiver, webhooks } = await setup([500, 502, 200], { backoffMs: 50 });
    webhooks.notify('start', event);
    await waitFor(() => webhooks.counts.delivered === 1, 'delivered on the third try');
    expect(receiver.received).toHaveLength(3);
    expect(webhooks.counts).toMatchObject({ retries: 2, failed: 0 });
  });

  it('gives up after its tries, counts the failure and says why', async () => {
    const { receiver, webhooks, errors } = await setup([503], { tries: 4 });
    webhooks.notify('start', event);
    await waitFor(() => webhooks.counts.failed === 1, 'given up');
    expect(receiver.received).toHaveLength(4);
    expect(errors).toEqual([expect.stringMatching(/^webhook 0 \(127\.0\.0\.1:\d+\) gave up: HTTP 503$/)]);
  });

  it('does not try again when the receiver refuses the request itself (a 4xx)', async () => {
    const { receiver, webhooks } = await setup([404]);
    webhooks.notify('start', event);
    await waitFor(() => webhooks.counts.failed === 1, 'given up');
    expect(receiver.received).toHaveLength(1);
  });

  it('times a silent receiver out, and tries again', async () => {
    const { receiver, webhooks, errors } = await setup(['hold'], { timeoutMs: 200, tries: 2 });
    webhooks.notify('start', event);
    await waitFor(() => webhooks.counts.failed === 1, 'given up', 10_000);
    expect(receiver.received).toHaveLength(2);
    expect(errors[0]).toMatch(/no answer within 200 ms/);
  });

  it('keeps a bounded queue per rule, dropping and counting what does not fit; notify never waits', async () => {
    const { receiver, webhooks } = await setup(['hold'], { queueLimit: 2 });
    for (let i = 0; i < 5; i++) webhooks.notify('start', { ...event, id: String(T0 + i) });
    await waitFor(() => receiver.received.length === 1, 'the first under way');
    // One under way, two waiting, two dropped.
    expect(webhooks.counts.dropped).toBe(2);
    expect(webhooks.queued).toBe(3);
  });

  it('hears only the cameras and event types its rule names', async () => {
    const { receiver, webhooks } = await setup([200], {}, { cameras: ['yard'], events: ['end'] });
    webhooks.notify('end', ended);
    webhooks.notify('start', { ...event, camera: 'yard' });
    webhooks.notify('end', { ...ended, camera: 'yard' });
    await waitFor(() => webhooks.counts.delivered === 1, 'one delivered');
    expect(receiver.received.map((r) => JSON.parse(r.body) as { camera: string; type: string }).map((b) => [b.camera, b.type])).toEqual([['yard', 'end']]);
  });

  it('posts a plain-text message with ntfy’s Title, Tags and Click headers in the ntfy format', async () => {
    const { receiver, webhooks } = await setup([200], {}, { format: 'ntfy' });
    webhooks.notify('start', event);
    await waitFor(() => webhooks.counts.delivered === 1, 'delivered');
    const [r] = receiver.received;
    expect(r!.body).toBe('Motion on door since 2026-11-23 10:00:00 UTC (peak: 4.2% of the picture)');
    expect(r!.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      title: 'Motion on door',
      tags: 'rotating_light,camera',
      click: `https://cams.example.com/api/cameras/door/events/${T0}/snapshot.jpg`,
    });
  });
});

describe('Webhooks with labels (object events)', () => {
  const person: EventObject = { label: 'person', tracked: 'person', score: 0.87, box: [10, 20, 30, 60], zones: ['Driveway'], at: T0 + 1500 };
  const car: EventObject = { label: 'car', tracked: 'vehicle', score: 0.66, box: [100, 50, 80, 40], zones: [], at: T0 + 2000 };
  const dog: EventObject = { label: 'dog', tracked: 'animal', score: 0.7, box: [5, 5, 20, 20], zones: ['Lawn'], at: T0 + 2500 };
  const nameOf = (camera: string) => (camera === 'door' ? 'Front door' : camera);
  const bodies = (r: Receiver) => r.received.map((x) => JSON.parse(x.body) as { type: string; summary?: string; labels?: string[]; objects?: EventObject[] });

  it('a rule with labels hears each new object of them once, in words, and no motion start or end', async () => {
    const { receiver, webhooks } = await setup([200], { nameOf }, { labels: ['person', 'vehicle'] });
    webhooks.notify('start', event);
    webhooks.notify('object', { ...event, objects: [person] });
    // The same event again with a dog (not followed by the rule): nothing new for it.
    webhooks.notify('object', { ...event, objects: [person, dog] });
    webhooks.notify('object', { ...event, objects: [person, dog, car] });
    webhooks.notify('end', { ...ended, objects: [person, dog, car] });
    await waitFor(() => webhooks.counts.delivered === 2, 'two delivered');
    expect(bodies(receiver).map((b) => [b.type, b.summary, b.labels, b.objects])).toEqual([
      ['object', 'Person at Front door · Driveway', ['person'], [person]],
      ['object', 'Car at Front door', ['vehicle'], [car]],
    ]);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      camera: 'door',
      eventId: String(T0),
      snapshotUrl: `https://cams.example.com/api/cameras/door/events/${T0}/snapshot.jpg`,
    });
  });

  it('a rule with zones hears only objects seen in one of them', async () => {
    const { receiver, webhooks } = await setup([200], { nameOf }, { labels: ['person', 'animal'], zones: ['lawn'] });
    webhooks.notify('object', { ...event, objects: [person] });
    webhooks.notify('object', { ...event, objects: [person, dog] });
    await waitFor(() => webhooks.counts.delivered === 1, 'one delivered');
    expect(bodies(receiver).map((b) => b.summary)).toEqual(['Dog at Front door · Lawn']);
  });

  it('a rule without labels hears motion as before: object events pass it by, an end tells the event’s objects', async () => {
    const { receiver, webhooks } = await setup([200], { nameOf });
    webhooks.notify('start', event);
    webhooks.notify('object', { ...event, objects: [person] });
    webhooks.notify('end', { ...ended, objects: [person] });
    await waitFor(() => webhooks.counts.delivered === 2, 'start and end delivered');
    expect(bodies(receiver).map((b) => [b.type, b.labels])).toEqual([
      ['start', undefined],
      ['end', ['person']],
    ]);
  });

  it('tells a new event’s objects afresh, and each camera’s apart', async () => {
    const { receiver, webhooks } = await setup([200], {}, { labels: ['person'] });
    webhooks.notify('object', { ...event, objects: [person] });
    webhooks.notify('end', { ...ended, objects: [person] });
    webhooks.notify('object', { ...event, camera: 'yard', objects: [person] });
    webhooks.notify('object', { ...event, id: String(T0 + 20_000), objects: [person] });
    await waitFor(() => webhooks.counts.delivered === 3, 'three delivered');
    expect(bodies(receiver).map((b) => b.summary)).toEqual(['Person at door · Driveway', 'Person at yard · Driveway', 'Person at door · Driveway']);
  });

  it('in the ntfy format, titles with the words (encoded for ntfy) and tags each label', async () => {
    const { receiver, webhooks } = await setup([200], { nameOf }, { labels: ['person', 'vehicle'], format: 'ntfy' });
    webhooks.notify('object', { ...event, objects: [person, car] });
    await waitFor(() => webhooks.counts.delivered === 1, 'delivered');
    const [r] = receiver.received;
    expect(r!.body).toBe('Person and car at Front door · Driveway, seen 2026-11-23 10:00:01 UTC');
    // "·" is not ASCII: RFC 2047's encoded word, which ntfy decodes.
    const title = /^=\?UTF-8\?B\?(.+)\?=$/.exec(r!.headers.title as string)![1]!;
    expect(Buffer.from(title, 'base64').toString()).toBe('Person and car at Front door · Driveway');
    expect(r!.headers).toMatchObject({ tags: 'rotating_light,person,vehicle', click: `https://cams.example.com/api/cameras/door/events/${T0}/snapshot.jpg` });
  });
});

describe('Webhooks following the object (#57)', () => {
  const car: EventObject = { label: 'car', tracked: 'vehicle', score: 0.8, box: [100, 50, 80, 40], zones: ['Driveway'], at: T0 + 1000, id: 7 };
  const person: EventObject = { label: 'person', tracked: 'person', score: 0.9, box: [10, 20, 30, 60], zones: ['Driveway'], at: T0 + 1500, id: 3 };
  const nameOf = (camera: string) => (camera === 'door' ? 'Front door' : camera);
  const loiter: ObjectAlert = {
    kind: 'loitering',
    object: { ...person, id: 3 },
    zone: 'Driveway',
    forMs: 30_000,
    text: 'Person in Driveway for 30 s',
    at: T0 + 31_000,
  };
  const left: ObjectAlert = {
    kind: 'left',
    object: { ...person, id: 3 },
    zone: 'Driveway',
    forMs: 125_000,
    text: 'Person left Driveway after 2 min',
    at: T0 + 126_000,
  };

  it('with newObjectsOnly, a parked car that drives off is not told again; without it, it is', async () => {
    const only = await setup([200], { nameOf }, { labels: ['vehicle'], newObjectsOnly: true });
    const every = await setup([200], { nameOf }, { labels: ['vehicle'] });
    const later = { ...event, id: String(T0 + 600_000), start: T0 + 600_000 };
    for (const { webhooks } of [only, every]) {
      webhooks.notify('object', { ...event, objects: [car] });
      webhooks.notify('end', { ...ended, objects: [car] });
      webhooks.notify('object', { ...later, objects: [{ ...car, at: T0 + 600_500, again: true }] });
      webhooks.notify('object', {
        ...later,
        objects: [
          { ...car, at: T0 + 600_500, again: true },
          { ...car, id: 8, at: T0 + 601_000 },
        ],
      });
    }
    await waitFor(() => only.webhooks.counts.delivered === 2 && every.webhooks.counts.delivered === 3, 'all delivered');
    expect(only.receiver.received.map((r) => (JSON.parse(r.body) as { objects: EventObject[] }).objects.map((o) => o.id))).toEqual([[7], [8]]);
    expect(every.receiver.received.map((r) => (JSON.parse(r.body) as { objects: EventObject[] }).objects.map((o) => o.id))).toEqual([[7], [7], [8]]);
  });

  it('with names (#58), a rule hears a person once their face names them, or an unknown face, never before; a rule without names hears the new person only', async () => {
    const alice = await setup([200], { nameOf }, { labels: ['person'], names: ['alice'], format: 'ntfy' });
    const strangers = await setup([200], { nameOf }, { labels: ['person'], names: ['unknown'], format: 'ntfy' });
    const plain = await setup([200], { nameOf }, { labels: ['person'], format: 'ntfy' });
    const bob = { ...person, id: 4, at: T0 + 1800 };
    for (const { webhooks } of [alice, strangers, plain]) {
      webhooks.notify('object', { ...event, objects: [person, bob] });
      webhooks.notify('object', { ...event, objects: [{ ...person, face: { name: 'Alice', person: 'p1', distance: 0.4 } }, bob] });
      // Read again, nearer: not told again.
      webhooks.notify('object', {
        ...event,
        objects: [
          { ...person, face: { name: 'Alice', person: 'p1', distance: 0.35 } },
          { ...bob, face: { distance: 0.9 } },
        ],
      });
    }
    await waitFor(
      () => alice.webhooks.counts.delivered === 1 && strangers.webhooks.counts.delivered === 1 && plain.webhooks.counts.delivered === 1,
      'delivered',
    );
    expect(alice.receiver.received.map((r) => r.body)).toEqual(['Alice at Front door · Driveway, seen 2026-11-23 10:00:01 UTC']);
    expect(strangers.receiver.received.map((r) => r.body)).toEqual(['Unknown person at Front door · Driveway, seen 2026-11-23 10:00:01 UTC']);
    expect(plain.receiver.received.map((r) => r.body)).toEqual(['Person at Front door · Driveway, seen 2026-11-23 10:00:01 UTC']);
  });

  it('a rule asking for loitering and leaving hears them with the object, its zone and the event’s snapshot; others hear nothing', async () => {
    const asks = await setup([200], { nameOf }, { labels: ['person'], zones: ['driveway'], alerts: ['objects', 'loitering', 'left'] });
    const plain = await setup([200], { nameOf }, { labels: ['person'] });
    const elsewhere = await setup([200], { nameOf }, { labels: ['person'], zones: ['Porch'], alerts: ['loitering'] });
    const underWay: EventRecord = { ...event, objects: [person] };
    for (const { webhooks } of [asks, plain, elsewhere]) {
      webhooks.alert('door', loiter, underWay);
      webhooks.alert('door', left, null);
    }
    await waitFor(() => asks.webhooks.counts.delivered === 2, 'both alerts delivered');
    expect(JSON.parse(asks.receiver.received[0]!.body)).toEqual({
      camera: 'door',
      type: 'loitering',
      summary: 'Person in Driveway for 30 s',
      objectId: 3,
      object: person,
      labels: ['person'],
      zone: 'Driveway',
      forMs: 30_000,
      at: T0 + 31_000,
      eventId: String(T0),
      snapshotUrl: `https://cams.example.com/api/cameras/door/events/${T0}/snapshot.jpg`,
      thumbnailUrl: `https://cams.example.com/api/cameras/door/events/${T0}/thumbnail.jpg`,
    });
    expect(JSON.parse(asks.receiver.received[1]!.body)).toMatchObject({
      type: 'left',
      summary: 'Person left Driveway after 2 min',
      objectId: 3,
      eventId: null,
      snapshotUrl: null,
    });
    // Nothing queued, so nothing is still on its way to them.
    expect([plain, elsewhere].map((x) => x.webhooks.queued + x.webhooks.counts.delivered)).toEqual([0, 0]);
  });

  it('a leaving from no zone names the camera as people read it; ntfy tags a stay with an hourglass', async () => {
    const { receiver, webhooks } = await setup([200], { nameOf }, { labels: ['person'], alerts: ['left', 'loitering'], format: 'ntfy' });
    webhooks.alert('door', { ...left, zone: null, text: 'Person left door after 2 min' }, null);
    webhooks.alert('door', loiter, null);
    await waitFor(() => webhooks.counts.delivered === 2, 'both delivered');
    expect(receiver.received.map((r) => [r.headers.title, r.headers.tags, r.body])).toEqual([
      ['Person left Front door after 2 min', 'wave,person', 'Person left Front door after 2 min, 2026-11-23 10:02:06 UTC'],
      ['Person in Driveway for 30 s', 'hourglass,person', 'Person in Driveway for 30 s, 2026-11-23 10:00:31 UTC'],
    ]);
  });
});

describe('Webhooks beside motion detection', () => {
  it('a receiver that never answers delays no detection and no event', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-hook-'));
    const receiver = await startReceiver(['hold']);
    receivers.push(receiver);
    // The notifications module's sender, hearing the manager's events as it hears them through the events module.
    const hooks = new Webhooks({ rules: [{ url: receiver.url }], publicUrl: null, timeoutMs: 60_000 });
    const { m, play } = await drive(dir, { mode: 'continuous' }, { onEvent: (type, record) => hooks.notify(type, record) });
    try {
      await play(25, square(5000, 6000));
      const events = (await m.index.range('cam', T0, T0 + 60_000)).events;
      // The event started and ended on disk while the receiver still holds the start.
      expect(events).toEqual([expect.objectContaining({ end: expect.any(Number) })]);
      expect(receiver.received).toHaveLength(1);
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'start', camera: 'cam' });
      expect(hooks.queued).toBe(2);
      // Every detection due in the 25 s ran (the first and last frame may both fall due), none skipped.
      expect(m.status('cam').motion!.detections).toBeGreaterThanOrEqual(25 * MOTION_DEFAULTS.fps);
      expect(m.status('cam').motion!.busy).toBe(0);
    } finally {
      await m.close();
      hooks.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
