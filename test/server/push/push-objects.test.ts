/**
 * Web Push beside object detection (#39), from a real relay to a push endpoint of its own that
 * decrypts what a phone would show, with the detection module stood in: a camera that detects
 * objects notifies of its objects in eventSummary's words and not of motion alone; a camera that
 * does not keeps its motion notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventObject } from '../../../shared/events.js';
import type { PushNotice } from '../../../shared/push.js';
import { pushModule } from '../../../server/push/index.js';
import { detectionStandIn } from '../../helpers/detection-stand-in.js';
import { startPushEndpoint, type PushEndpoint } from '../../helpers/push-endpoint.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { sceneJpeg } from '../recording/motion/scene.js';

describe('Web Push of detected objects', () => {
  let server: TestServer;
  let phone: PushEndpoint;

  beforeAll(async () => {
    const detection = detectionStandIn({ porch: { enabled: true, labels: ['person', 'vehicle'] } });
    const table = detection.table.map((m) => (m.name === 'push' ? pushModule({ allowLoopbackHttp: true }) : m));
    server = await startTestServer({}, table);
    phone = await startPushEndpoint();
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(TEST_ADMIN),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const subscribed = await fetch(`${server.url}/api/push/subscriptions`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify(phone.subscription),
    });
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await stopTestServer(server);
    await phone?.close();
  });

  it('tells a detecting camera’s objects in words, not its motion; a camera without detection still tells motion', async () => {
    const t = Date.now();
    const events = server.recording.events;
    const person: EventObject = { label: 'person', tracked: 'person', score: 0.8, box: [1, 2, 3, 4], zones: ['Steps'], at: t + 5 };
    const car: EventObject = { label: 'car', tracked: 'vehicle', score: 0.7, box: [9, 9, 9, 9], zones: [], at: t + 9 };
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    const boxes = { width: 640, height: 360, boxes: [] };
    // Porch detects: its motion start (foliage, rain) tells nothing; its person and then its car do.
    events.signal('porch', { type: 'start', at: t }, { at: t, score: 5, jpeg });
    events.objects('porch', { started: [person], at: t + 5, jpeg, boxes });
    events.objects('porch', { started: [car], at: t + 9, jpeg, boxes });
    events.signal('porch', { type: 'end', at: t + 20 });
    // The shed does not detect objects: its motion start tells, as before.
    events.signal('shed', { type: 'start', at: t }, { at: t, score: 5, jpeg });
    await events.idle();
    const sender = server.provided.need('push').sender;
    await waitFor(() => phone.received.length >= 3 && sender.pending === 0, 'three notices at the phone');
    const notices = phone.received.map((r) => JSON.parse(r.text) as PushNotice);
    expect(notices.map((n) => [n.camera, n.title, n.body]).sort()).toEqual(
      [
        ['porch', 'Person at porch · Steps', 'Tap to watch it from the start.'],
        ['porch', 'Person and car at porch · Steps', 'Tap to watch it from the start.'],
        ['shed', 'Motion: shed', 'Something moved in front of shed. Tap to watch it from the start.'],
      ].sort(),
    );
    // One event, one notice on the phone: the car's replaces the person's.
    const porch = notices.filter((n) => n.camera === 'porch');
    expect(new Set(porch.map((n) => n.tag)).size).toBe(1);
    expect(sender.counts).toMatchObject({ sent: 3, failed: 0 });
  });

  it('pushes a loitering alert as its own notice, and no leaving (#57)', async () => {
    const before = phone.received.length;
    const object = {
      id: 4,
      label: 'person',
      tracked: 'person',
      score: 0.9,
      box: [1, 2, 3, 4] as [number, number, number, number],
      zones: ['Steps'],
      at: 1_000,
    };
    const events = server.provided.need('events');
    events.left('porch', { object, zone: 'Steps', forMs: 120_000, text: 'Person left Steps after 2 min', at: 121_000 });
    events.loitering('porch', { object, zone: 'Steps', forMs: 30_000, text: 'Person in Steps for 30 s', at: 31_000 });
    const sender = server.provided.need('push').sender;
    await waitFor(() => phone.received.length > before && sender.pending === 0, 'the loitering notice at the phone');
    const notices = phone.received.slice(before).map((r) => JSON.parse(r.text) as PushNotice);
    expect(notices).toEqual([
      {
        title: 'Person in Steps for 30 s',
        body: 'Tap to watch it from when it came.',
        url: '#/camera/porch/at/1000',
        camera: 'porch',
        eventId: '0000000001000',
        tag: 'loiter-porch-4-Steps',
      },
    ]);
  });
});

describe('Web Push of objects as each device chose (#57)', () => {
  let server: TestServer;
  let usual: PushEndpoint;
  let leaving: PushEndpoint;
  let cookie: string;

  const subscribe = (body: unknown) =>
    fetch(`${server.url}/api/push/subscriptions`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const detection = detectionStandIn({ porch: { enabled: true, labels: ['person', 'vehicle'] } });
    const table = detection.table.map((m) => (m.name === 'push' ? pushModule({ allowLoopbackHttp: true }) : m));
    server = await startTestServer({}, table);
    [usual, leaving] = await Promise.all([startPushEndpoint(), startPushEndpoint()]);
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(TEST_ADMIN),
    });
    cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect((await subscribe(usual.subscription)).status).toBe(201);
    expect((await subscribe({ ...leaving.subscription, alerts: ['objects', 'left'], newObjectsOnly: true })).status).toBe(201);
  });
  afterAll(async () => {
    await stopTestServer(server);
    await usual?.close();
    await leaving?.close();
  });

  it('refuses a choice it cannot read, with its code and the words the webhook form says', async () => {
    const refused = await subscribe({ ...usual.subscription, alerts: ['leaving'] });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([400, 'BAD_PUSH_SUBSCRIPTION']);
  });

  it('tells the default device new objects and loitering, and the one that asked for them new objects only and leavings', async () => {
    const t = Date.now();
    const events = server.recording.events;
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    const boxes = { width: 640, height: 360, boxes: [] };
    const person: EventObject = { id: 1, label: 'person', tracked: 'person', score: 0.8, box: [1, 2, 3, 4], zones: ['Steps'], at: t + 5 };
    // A parked car that moves again: not news to a device that wants new objects only.
    const car: EventObject = { id: 2, label: 'car', tracked: 'vehicle', score: 0.7, box: [9, 9, 9, 9], zones: [], at: t + 9, again: true };
    events.signal('porch', { type: 'start', at: t }, { at: t, score: 5, jpeg });
    events.objects('porch', { started: [person], at: t + 5, jpeg, boxes });
    await events.idle();
    events.objects('porch', { started: [car], at: t + 9, jpeg, boxes });
    events.signal('porch', { type: 'end', at: t + 20 });
    await events.idle();
    const alerts = server.provided.need('events');
    const stay = { object: { ...person, id: 1 }, zone: 'Steps', forMs: 30_000, text: 'Person in Steps for 30 s', at: t + 30_000 };
    alerts.loitering('porch', stay);
    alerts.left('porch', { object: { ...person, id: 1 }, zone: 'Steps', forMs: 60_000, text: 'Person left Steps after 1 min', at: t + 60_000 });
    const sender = server.provided.need('push').sender;
    await waitFor(() => usual.received.length >= 3 && leaving.received.length >= 2 && sender.pending === 0, 'the notices at both phones');
    // Sorted: the sender's queue may deliver a phone's notices in any order.
    const titles = (phone: PushEndpoint) => phone.received.map((r) => (JSON.parse(r.text) as PushNotice).title).sort();
    expect(titles(usual)).toEqual(['Person and car at porch · Steps', 'Person at porch · Steps', 'Person in Steps for 30 s']);
    expect(titles(leaving)).toEqual(['Person at porch · Steps', 'Person left Steps after 1 min']);
    const left = leaving.received.map((r) => JSON.parse(r.text) as PushNotice).find((n) => n.title.includes('left'));
    expect(left).toMatchObject({ url: `#/camera/porch/at/${t + 5}`, tag: 'left-porch-1' });
  });

  it("tells a user their devices' choices, and changes one without subscribing again; never another's, nor one not kept", async () => {
    const headers = { cookie, origin: server.url, 'content-type': 'application/json' };
    const devices = async () =>
      ((await (await fetch(`${server.url}/api/push/subscriptions`, { headers })).json()) as { devices: Record<string, unknown>[] }).devices.map(
        ({ endpoint, alerts, newObjectsOnly }) => ({ endpoint, alerts, newObjectsOnly }),
      );
    expect(await devices()).toEqual([
      { endpoint: usual.subscription.endpoint, alerts: null, newObjectsOnly: false },
      { endpoint: leaving.subscription.endpoint, alerts: ['objects', 'left'], newObjectsOnly: true },
    ]);
    const change = (body: unknown, h: Record<string, string> = headers) =>
      fetch(`${server.url}/api/push/subscriptions`, { method: 'PATCH', headers: h, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    expect(await change({ endpoint: usual.subscription.endpoint, alerts: ['left'] })).toEqual({
      status: 200,
      body: { ok: true, alerts: ['left'], newObjectsOnly: false },
    });
    expect((await devices())[0]).toEqual({ endpoint: usual.subscription.endpoint, alerts: ['left'], newObjectsOnly: false });
    // The keys stay: the device is still sent to.
    const kept = server.provided.need('push').subscriptions.list()[0]!;
    expect(kept.keys).toEqual(usual.subscription.keys);

    const refusal = async (body: unknown, h?: Record<string, string>) => {
      const r = await change(body, h);
      return `${r.status} ${String(r.body.error)}`;
    };
    expect(await refusal({ endpoint: usual.subscription.endpoint, alerts: [] })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refusal({ endpoint: usual.subscription.endpoint, newObjectsOnly: 'yes' })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refusal({ alerts: ['left'] })).toBe('400 BAD_PUSH_SUBSCRIPTION');
    expect(await refusal({ endpoint: 'https://fcm.googleapis.com/fcm/send/not-kept', alerts: ['left'] })).toBe('404 PUSH_DEVICE_UNKNOWN');
    expect(await refusal({ endpoint: usual.subscription.endpoint, alerts: ['left'] }, { ...headers, origin: 'https://evil.example' })).toBe('403 BAD_ORIGIN');
    // Another user's device is not theirs to change, and not listed to them.
    const created = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'neighbour', password: 'neighbour-password', role: 'viewer', cameras: ['porch'] }),
    });
    expect(created.ok).toBe(true);
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'neighbour', password: 'neighbour-password' }),
    });
    const theirs = {
      ...headers,
      cookie: login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    };
    expect(await refusal({ endpoint: usual.subscription.endpoint, alerts: ['objects'] }, theirs)).toBe('404 PUSH_DEVICE_UNKNOWN');
    expect(await (await fetch(`${server.url}/api/push/subscriptions`, { headers: theirs })).json()).toEqual({ devices: [] });
    expect((await devices())[0]!.alerts).toEqual(['left']);
  });
});
