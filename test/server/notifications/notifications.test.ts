/**
 * The Admin area's notifications over real HTTP (#31): admins only, the config file's rules shown
 * read-only, secrets never returned (only `(set)`), a bad rule refused with the checker's sentence
 * and its field, bodies bounded, "Send a test event" saying what came of it, at most one test per
 * rule every 2 s, and a rule made here hearing real events at once, without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { freePort } from '../../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';
import { startReceiver, type Receiver } from './webhooks/receiver.js';
import { sceneJpeg } from '../recording/motion/scene.js';

const TOKEN = 'Bearer tk-admin-7Qz1';
const FILE_TOKEN = 'Bearer tk-file-93kd';
const VIEWER = { username: 'viewer1', password: 'viewer-password-1' };

describe('notifications in the Admin area, over HTTP', () => {
  let server: TestServer;
  let receiver: Receiver;
  let cookie: string;

  beforeAll(async () => {
    receiver = await startReceiver([200]);
    const webhooks = [{ url: `${receiver.url}/from-file`, events: ['start' as const], headers: { Authorization: FILE_TOKEN } }];
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, webhooks } });
    cookie = await login(server);
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
  });
  afterAll(async () => {
    await stopTestServer(server);
    await receiver?.close();
  });

  const call = async (method: string, route: string, body?: unknown, who = cookie) => {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { cookie: who, ...sameOrigin(server), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
  };

  it('refuses a viewer', async () => {
    const viewer = await login(server, VIEWER);
    expect((await call('GET', '/api/admin/notifications', undefined, viewer)).status).toBe(403);
    expect((await call('POST', '/api/admin/notifications/webhooks', { url: receiver.url }, viewer)).status).toBe(403);
    expect((await call('PUT', '/api/admin/notifications/mqtt', { url: 'mqtt://127.0.0.1:1883' }, viewer)).status).toBe(403);
  });

  it('shows the config file’s rule read-only, its token as (set)', async () => {
    const got = await call('GET', '/api/admin/notifications');
    expect(got.json.webhooks).toEqual([
      {
        id: 'config-0',
        source: 'config',
        enabled: true,
        url: `${receiver.url}/from-file`,
        format: 'json',
        cameras: null,
        events: ['start'],
        labels: null,
        zones: null,
        headers: { Authorization: '(set)' },
      },
    ]);
    expect(got.text).not.toContain(FILE_TOKEN);
    const put = await call('PUT', '/api/admin/notifications/webhooks/config-0', { url: receiver.url });
    expect([put.status, put.json.error]).toEqual([409, 'WEBHOOK_FROM_CONFIG']);
  });

  it('refuses a bad rule with the config file’s sentence and its field, and a body over 16 KB unread', async () => {
    const bad = await call('POST', '/api/admin/notifications/webhooks', { url: 'ftp://example.com/x' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      ok: false,
      error: 'BAD_WEBHOOK',
      message: 'webhook.url must be an http:// or https:// URL without a user name or password',
      field: 'url',
    });
    const events = await call('POST', '/api/admin/notifications/webhooks', { url: receiver.url, events: ['middle'] });
    expect([events.status, events.json.field, events.json.message]).toEqual([400, 'events', 'webhook.events must be a list of start, end']);
    const huge = await call('POST', '/api/admin/notifications/webhooks', { url: receiver.url, cameras: Array.from({ length: 3000 }, (_, i) => `cam${i}`) });
    expect([huge.status, huge.json.error]).toEqual([413, 'BODY_TOO_LARGE']);
    expect((await call('PUT', '/api/admin/notifications/webhooks/nope', { url: receiver.url })).json.error).toBe('UNKNOWN_WEBHOOK');
  });

  it('refuses a header that can never be sent with WEBHOOK_HEADER_UNSENDABLE under the headers, at add and at edit', async () => {
    const before = (await call('GET', '/api/admin/notifications')).json.webhooks as unknown[];
    for (const headers of [
      { 'Transfer-Encoding': 'chunked' },
      { Expect: '100-continue' },
      { Upgrade: 'h2c' },
      { 'Content-Length': '3' },
      { 'X-Price': '5 €' },
    ]) {
      const refused = await call('POST', '/api/admin/notifications/webhooks', { url: receiver.url, headers });
      expect([refused.status, refused.json.error, refused.json.field], JSON.stringify(headers)).toEqual([400, 'WEBHOOK_HEADER_UNSENDABLE', 'headers']);
    }
    expect((await call('GET', '/api/admin/notifications')).json.webhooks).toHaveLength(before.length);
    const made = await call('POST', '/api/admin/notifications/webhooks', { url: receiver.url, headers: { Authorization: TOKEN } });
    const id = (made.json.webhook as { id: string }).id;
    const edit = await call('PUT', `/api/admin/notifications/webhooks/${id}`, { url: receiver.url, headers: { Authorization: '', Connection: 'close' } });
    expect(edit.json).toEqual({
      ok: false,
      error: 'WEBHOOK_HEADER_UNSENDABLE',
      message: 'webhook.headers.Connection cannot be set by a webhook: it is about the connection, which the relay manages',
      field: 'headers',
    });
    await call('DELETE', `/api/admin/notifications/webhooks/${id}`);
  });

  it('keeps a token write-only: never in an answer, kept on an edit that leaves it empty, in a 0600 file', async () => {
    const made = await call('POST', '/api/admin/notifications/webhooks', { url: `${receiver.url}/admin`, headers: { Authorization: TOKEN } });
    expect(made.status).toBe(201);
    const id = (made.json.webhook as { id: string }).id;
    expect(made.json.webhook).toMatchObject({ source: 'admin', enabled: true, headers: { Authorization: '(set)' } });
    const edited = await call('PUT', `/api/admin/notifications/webhooks/${id}`, {
      url: `${receiver.url}/admin`,
      events: ['start'],
      headers: { Authorization: '' },
    });
    expect(edited.status).toBe(200);
    for (const text of [made.text, edited.text, (await call('GET', '/api/admin/notifications')).text]) expect(text).not.toContain('tk-admin');
    const file = path.join(server.config.dataDir, 'notifications.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).webhooks[0]).toMatchObject({ id, events: ['start'], headers: { Authorization: TOKEN } });

    const test = await call('POST', `/api/admin/notifications/webhooks/${id}/test`, { camera: 'porch' });
    expect(test.json).toEqual({ ok: true, delivered: true, outcome: 'Delivered: 200 OK' });
    const heard = receiver.received.findLast((r) => r.path === '/admin')!;
    expect(heard.headers.authorization).toBe(TOKEN);
    expect(JSON.parse(heard.body)).toMatchObject({ camera: 'porch', type: 'test', message: 'This is a test from camrelay' });
    const again = await call('POST', `/api/admin/notifications/webhooks/${id}/test`);
    expect([again.status, again.json.error]).toEqual([429, 'TEST_TOO_SOON']);
    expect((await call('DELETE', `/api/admin/notifications/webhooks/${id}`)).status).toBe(200);
  });

  it('says in words what a test came to: refused by the receiver, or no connection', async () => {
    const refusing = await startReceiver([401]);
    try {
      const a = await call('POST', '/api/admin/notifications/webhooks', { url: `${refusing.url}/x` });
      const closed = await freePort();
      const b = await call('POST', '/api/admin/notifications/webhooks', { url: `http://127.0.0.1:${closed}/hook` });
      const idOf = (r: typeof a) => (r.json.webhook as { id: string }).id;
      expect((await call('POST', `/api/admin/notifications/webhooks/${idOf(a)}/test`)).json).toMatchObject({
        delivered: false,
        outcome: 'Failed: 401 from the receiver',
      });
      expect((await call('POST', `/api/admin/notifications/webhooks/${idOf(b)}/test`)).json).toMatchObject({
        delivered: false,
        outcome: `Failed: connection refused to 127.0.0.1:${closed}`,
      });
      await call('DELETE', `/api/admin/notifications/webhooks/${idOf(a)}`);
      await call('DELETE', `/api/admin/notifications/webhooks/${idOf(b)}`);
    } finally {
      await refusing.close();
    }
  });

  it('sends real events to a rule made here at once, only for its cameras and event types, and none once it is off', async () => {
    const made = await call('POST', '/api/admin/notifications/webhooks', { url: `${receiver.url}/live`, cameras: ['porch'], events: ['end'] });
    const id = (made.json.webhook as { id: string }).id;
    const live = () => receiver.received.filter((r) => r.path === '/live').map((r) => JSON.parse(r.body) as { camera: string; type: string });
    const t = Date.now();
    server.recording.motion('garden', { type: 'start', at: t, score: 5 });
    server.recording.motion('porch', { type: 'start', at: t, score: 5 });
    server.recording.motion('garden', { type: 'end', at: t + 10 });
    server.recording.motion('porch', { type: 'end', at: t + 10 });
    await waitFor(() => live().length >= 1, 'the porch event’s end');
    // The config file's rule (every camera, starts only) heard both starts meanwhile.
    await waitFor(() => receiver.received.filter((r) => r.path === '/from-file').length >= 2, 'both starts at the config file’s rule');
    expect(live()).toEqual([expect.objectContaining({ camera: 'porch', type: 'end' })]);

    await call('PUT', `/api/admin/notifications/webhooks/${id}`, { url: `${receiver.url}/live`, cameras: ['porch'], events: ['end'], enabled: false });
    server.recording.motion('porch', { type: 'start', at: Date.now(), score: 5 });
    server.recording.motion('porch', { type: 'end', at: Date.now() + 10 });
    await waitFor(() => receiver.received.filter((r) => r.path === '/from-file').length >= 3, 'the next start at the config file’s rule');
    expect(live()).toHaveLength(1);
  });

  it('sends a rule with labels each new object of them, in words, and the motion rules none of it', async () => {
    const made = await call('POST', '/api/admin/notifications/webhooks', { url: `${receiver.url}/people`, cameras: null, labels: ['person'], zones: null });
    expect([made.status, made.json.webhook]).toEqual([201, expect.objectContaining({ labels: ['person'], zones: null, cameras: null })]);
    const id = (made.json.webhook as { id: string }).id;
    const people = () => receiver.received.filter((r) => r.path === '/people').map((r) => JSON.parse(r.body) as { type: string; summary: string });
    const fromFile = () => receiver.received.filter((r) => r.path === '/from-file').length;
    const t = Date.now();
    server.recording.motion('drive', { type: 'start', at: t, score: 5 });
    await waitFor(() => server.recording.events.current('drive'), 'the event under way');
    const person = { label: 'person', tracked: 'person', score: 0.8, box: [1, 2, 3, 4] as [number, number, number, number], zones: [], at: t + 5 };
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    const boxes = { width: 640, height: 360, boxes: [{ label: 'person', score: 0.8, box: person.box }] };
    server.recording.events.objects('drive', { started: [person], at: t + 5, jpeg, boxes });
    await waitFor(() => people().length === 1, 'the person told');
    expect(people()).toEqual([expect.objectContaining({ type: 'object', summary: 'Person at drive' })]);
    const before = fromFile();
    server.recording.motion('drive', { type: 'end', at: t + 10 });
    await server.recording.events.idle();
    // The config file's rule (starts only) heard the start, not the object or the end.
    expect(before).toBeGreaterThanOrEqual(1);
    expect(fromFile()).toBe(before);
    expect(people()).toHaveLength(1);

    const bad = await call('PUT', `/api/admin/notifications/webhooks/${id}`, { url: `${receiver.url}/people`, labels: ['ghost'] });
    expect([bad.status, bad.json.error, bad.json.field]).toEqual([400, 'BAD_WEBHOOK', 'labels']);
    await call('DELETE', `/api/admin/notifications/webhooks/${id}`);
  });
});
