/**
 * MQTT set up in the Admin area over real HTTP against a real mosquitto (#31): applied at once (the
 * link restarts with the new settings), the password write-only and kept on an edit that leaves it
 * empty, a test event published and heard, motion events only for the cameras and event types
 * switched on, and the config file's `mqtt` winning over the Admin area's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const USERS = { camrelay: 'mqtt-pw-5531' };

describe.runIf(mosquittoAvailable())('MQTT in the Admin area, over HTTP', () => {
  let broker: TestBroker;
  let server: TestServer | undefined;
  let listener: Listener | undefined;
  let cookie: string;

  beforeAll(async () => {
    broker = await startMosquitto({ users: USERS });
  });
  afterEach(async () => {
    await listener?.close();
    await stopTestServer(server);
    server = listener = undefined;
  });
  afterAll(() => broker?.close());

  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${server!.url}${route}`, {
      method,
      headers: { cookie, ...sameOrigin(server!), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
  };
  const mqttOf = async () => (await call('GET', '/api/admin/notifications')).json.mqtt as Record<string, unknown>;

  it('connects with the form’s settings at once, keeps the password write-only, and sends a test event', async () => {
    server = await startTestServer();
    cookie = await login(server);
    listener = await listen(broker.url, ['#'], { username: 'camrelay', password: USERS.camrelay });
    expect(await mqttOf()).toMatchObject({ source: null, enabled: false, status: 'off' });

    const bad = await call('PUT', '/api/admin/notifications/mqtt', { url: 'http://127.0.0.1:1883' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: 'BAD_MQTT_SETTINGS',
      field: 'url',
      message: expect.stringMatching(/^mqtt\.url must be an mqtt:\/\/ or mqtts:\/\/ URL/),
    });

    const put = await call('PUT', '/api/admin/notifications/mqtt', { url: broker.url, username: 'camrelay', password: USERS.camrelay });
    expect(put.status).toBe(200);
    expect(put.json.mqtt).toMatchObject({ source: 'admin', enabled: true, username: 'camrelay', password: '(set)' });
    expect(put.text).not.toContain(USERS.camrelay);
    await waitFor(async () => (await mqttOf()).status === 'connected', 'the link connected');
    const test = await call('POST', '/api/admin/notifications/mqtt/test', { camera: 'porch' });
    expect(test.json).toMatchObject({ ok: true, delivered: true, outcome: 'Delivered: acknowledged by the broker on camrelay/porch/event' });
    const heard = await listener.next('camrelay/porch/event', (m) => m.text.includes('"type":"test"'));
    expect(JSON.parse(heard.text)).toMatchObject({ type: 'test', camera: 'porch', message: 'This is a test from camrelay' });
    expect((await call('POST', '/api/admin/notifications/mqtt/test')).json.error).toBe('TEST_TOO_SOON');

    // An edit that leaves the password empty keeps it: the new prefix's link signs in with it.
    const since = listener.heard.length;
    const edit = await call('PUT', '/api/admin/notifications/mqtt', { url: broker.url, username: 'camrelay', password: '', topicPrefix: 'home/cams' });
    expect(edit.status).toBe(200);
    await listener.next('home/cams/available', (m) => m.text === 'online', since);
    expect((await mqttOf()).status).toBe('connected');

    const off = await call('PUT', '/api/admin/notifications/mqtt', { enabled: false, url: broker.url, username: 'camrelay', password: '' });
    expect(off.json.mqtt).toMatchObject({ enabled: false, status: 'off' });
    await listener.next('home/cams/available', (m) => m.text === 'offline', since);
  }, 60_000);

  it('says why a test failed when the broker refuses the password', async () => {
    server = await startTestServer();
    cookie = await login(server);
    await call('PUT', '/api/admin/notifications/mqtt', { url: broker.url, username: 'camrelay', password: 'wrong-one' });
    // Not merely `connecting: no answer yet`, which comes first: the broker's refusal itself.
    await waitFor(async () => /^connecting: .*[Nn]ot authorized/.test(String((await mqttOf()).status)), 'a refused attempt');
    const test = await call('POST', '/api/admin/notifications/mqtt/test');
    expect(test.json).toMatchObject({ delivered: false, outcome: expect.stringMatching(/^Failed: not connected to the broker \(.*[Nn]ot authorized/) });
  }, 60_000);

  it('publishes motion events only for the cameras and event types switched on', async () => {
    server = await startTestServer();
    cookie = await login(server);
    listener = await listen(broker.url, ['camrelay/+/event'], { username: 'camrelay', password: USERS.camrelay });
    await call('PUT', '/api/admin/notifications/mqtt', {
      url: broker.url,
      username: 'camrelay',
      password: USERS.camrelay,
      cameras: ['porch'],
      events: ['start'],
    });
    await waitFor(async () => (await mqttOf()).status === 'connected', 'the link connected');
    const t = Date.now();
    for (const camera of ['garden', 'porch']) server.recording.motion(camera, { type: 'start', at: t, score: 5 });
    for (const camera of ['garden', 'porch']) server.recording.motion(camera, { type: 'end', at: t + 10 });
    await listener.next('camrelay/porch/event');
    // A test event after them: once it is heard, everything published before it has been.
    await call('POST', '/api/admin/notifications/mqtt/test', { camera: 'porch' });
    await listener.next('camrelay/porch/event', (m) => m.text.includes('"type":"test"'));
    const heard = listener.heard.filter((m) => m.topic.endsWith('/event'));
    const events = heard.map((m) => JSON.parse(m.text) as { camera: string; type: string }).map((e) => `${e.camera} ${e.type}`);
    expect(events).toEqual(['porch start', 'porch test']);
  }, 60_000);

  it('runs one link after two saves at once: switched off, the relay has no connection left', async () => {
    server = await startTestServer();
    cookie = await login(server);
    const save = (topicPrefix: string) =>
      call('PUT', '/api/admin/notifications/mqtt', { url: broker.url, username: 'camrelay', password: USERS.camrelay, topicPrefix });
    // Saves that replace a running link: each waits for the old link to close.
    await save('first');
    await waitFor(async () => (await mqttOf()).status === 'connected', 'the first link connected');
    await Promise.all([save('second'), save('third')]);
    await waitFor(async () => (await mqttOf()).status === 'connected', 'a link connected');
    await call('PUT', '/api/admin/notifications/mqtt', { enabled: false, url: broker.url, username: 'camrelay', password: '' });
    // The broker's own log: every connection of the relay's (client ids camrelay-<prefix>-…) has ended.
    const open = () => {
      const log = broker.output();
      return (
        (log.match(/New client connected .* as camrelay-(first|second|third)-/g) ?? []).length -
        (log.match(/Client camrelay-(first|second|third)-\S+ (disconnected|closed its connection)/g) ?? []).length
      );
    };
    await waitFor(() => open() === 0, 'no connection of the relay left');
  }, 60_000);

  it('shows the config file’s mqtt read-only, and refuses a change', async () => {
    server = await startTestServer({ mqtt: mqttSetting(broker.url, { username: 'camrelay', password: USERS.camrelay }) });
    cookie = await login(server);
    const got = await call('GET', '/api/admin/notifications');
    expect(got.json.mqtt).toMatchObject({ source: 'config', enabled: true, url: broker.url, password: '(set)' });
    expect(got.text).not.toContain(USERS.camrelay);
    const put = await call('PUT', '/api/admin/notifications/mqtt', { url: broker.url });
    expect([put.status, put.json.error]).toEqual([409, 'MQTT_FROM_CONFIG']);
  }, 60_000);
});
