/**
 * docs/notifications.md's "In the Admin area", checked as printed: its field names are the forms',
 * its refusal sentences the relay's, its test event what is posted and published, each printed
 * outcome what the relay says in that case (addresses and ports replaced by local ones), its codes
 * the answers', its data file where the relay keeps it, and the config file's mqtt winning.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type TestBroker } from '../helpers/mosquitto.js';
import { freePort } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';
import { startReceiver, type Receiver } from '../server/notifications/webhooks/receiver.js';

const doc = readFileSync(new URL('../../docs/notifications.md', import.meta.url), 'utf8');
const admin = doc.split(/^## /m).find((s) => s.startsWith('In the Admin area'))!;
const sub = (title: string) => admin.split(/^### /m).find((s) => s.startsWith(title))!;
const source = (file: string) => readFileSync(new URL(`../../dashboard/src/admin/${file}`, import.meta.url), 'utf8');
/** The printed outcomes, in table order. */
const outcomes = [...sub('Send a test event').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
const PASSWORD = 'docs-mqtt-pw-1';

describe('docs/notifications.md, the Admin area, as printed', () => {
  let server: TestServer | undefined;
  let cookie = '';
  const receivers: Receiver[] = [];
  let broker: TestBroker | undefined;

  beforeAll(async () => {
    if (mosquittoAvailable()) broker = await startMosquitto({ users: { camrelay: PASSWORD } });
  });
  afterEach(async () => {
    await stopTestServer(server);
    server = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => broker?.close());

  const start = async (overrides = {}) => {
    server = await startTestServer(overrides);
    cookie = await login(server);
  };
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${server!.url}${route}`, {
      method,
      headers: { cookie, ...sameOrigin(server!), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const rule = async (body: object) => ((await call('POST', '/api/admin/notifications/webhooks', body)).json.webhook as { id: string }).id;
  const test = async (id: string, camera = 'front-door') => (await call('POST', `/api/admin/notifications/webhooks/${id}/test`, { camera })).json.outcome;

  it('names the forms’ own fields and choices', () => {
    const forms = source('webhook-form.ts') + source('mqtt-form.ts') + source('notify-fields.ts');
    let checked = 0;
    for (const title of ['Webhooks', 'MQTT']) {
      for (const m of sub(title).matchAll(/^\| ([^|]+?) \| [^|]+ \|$/gm)) {
        const cell = m[1]!;
        if (cell === 'field' || cell.startsWith('---')) continue;
        for (const label of cell.split(', ')) {
          expect(forms, label).toContain(`'${label}`);
          checked++;
        }
      }
      for (const [, choice] of sub(title).matchAll(/`(All cameras|Motion starts|Motion ends|JSON|ntfy \(plain text\))`/g))
        expect(forms).toContain(`'${choice}'`);
    }
    expect(checked).toBe(18);
    expect(forms).toContain(admin.match(/saying `([^`]+)`/)![1]!.replace(/\s+/g, ' '));
    expect(source('mqtt-form.ts')).toContain("'Connected to the broker.'");
    expect(source('mqtt-form.ts')).toContain('`Not connected: ');
  });

  it('refuses with the printed sentences, keeps its file where it says, and answers with the printed codes', async () => {
    await start();
    const webhook = await call('POST', '/api/admin/notifications/webhooks', { url: 'https://user:pw@example.com/x' });
    expect(webhook.json.message).toBe(sub('Webhooks').match(/refusal's sentence is shown under the field it\s+is about, e\.g\. `([^`]+)`/)![1]);
    const mqtt = await call('PUT', '/api/admin/notifications/mqtt', { url: 'mqtt://user:pw@broker:1883' });
    expect(mqtt.json.message).toBe(
      sub('MQTT')
        .match(/e\.g\. `([^`]+)`/)![1]!
        .replace(/\s+/g, ' '),
    );
    await rule({ url: 'http://127.0.0.1:1/x' });
    const file = path.join(server!.dataDir, admin.match(/`([a-z]+\.json)` in `CAMRELAY_DATA_DIR`/)![1]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const [, status, code] of admin.matchAll(/(\d{3}) `([A-Z_]+)`/g))
      expect(ERROR_CODES[code as keyof typeof ERROR_CODES]?.status, code).toBe(Number(status));
  });

  it('posts the printed test event, JSON and ntfy, and says the printed outcomes', async () => {
    await start();
    const ok = await startReceiver([200]);
    const refusing = await startReceiver([401]);
    const silent = await startReceiver(['hold']);
    receivers.push(ok, refusing, silent);
    const json = await rule({ url: `${ok.url}/json` });
    expect(await test(json)).toBe(outcomes[0]);
    const again = await call('POST', `/api/admin/notifications/webhooks/${json}/test`, {});
    expect([again.status, again.json.error]).toEqual([429, 'TEST_TOO_SOON']);
    const printed = JSON.parse(sub('Send a test event').match(/```\n([\s\S]*?)```/)![1]!) as Record<string, unknown>;
    const posted = JSON.parse(ok.received[0]!.body) as Record<string, unknown>;
    expect(posted).toEqual({ ...printed, time: posted.time });
    expect(Math.abs((posted.time as number) - Date.now())).toBeLessThan(60_000);

    const ntfy = await rule({ url: `${ok.url}/ntfy`, format: 'ntfy' });
    await test(ntfy);
    const text = sub('Send a test event').match(/an ntfy webhook the text `([^`]+)`/)![1]!;
    const time = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/;
    expect(ok.received[1]!.body.replace(time, 'T')).toBe(text.replace(time, 'T'));

    expect(await test(await rule({ url: `${refusing.url}/x` }))).toBe(outcomes[1]);
    const closed = await freePort();
    expect(await test(await rule({ url: `http://127.0.0.1:${closed}/x` }))).toBe(outcomes[2]!.replace('8123', String(closed)));
    expect(await test(await rule({ url: `${silent.url}/x` }))).toBe(outcomes[3]);
    // The first printed camera rule: the rule's first camera, else the relay's first, else `camera`.
    expect(await test(await rule({ url: `${ok.url}/c`, cameras: ['porch'] }), '')).toBe(outcomes[0]);
    expect(JSON.parse(ok.received.at(-1)!.body).camera).toBe('porch');
  }, 60_000);

  it('counts a rule made in the Admin area in the printed series, and a test event in none', async () => {
    await start();
    const ok = await startReceiver([200]);
    receivers.push(ok);
    const delivered = async () => {
      const text = await (await fetch(`${server!.url}/metrics`, { headers: server!.adminAuth })).text();
      return Number(/^camrelay_webhook_deliveries_total\{outcome="delivered"\} (\d+)$/m.exec(text)?.[1] ?? NaN);
    };
    const printed = doc.match(/Rules made in the Admin area are counted in `([a-z_]+)`/)![1]!;
    expect(printed).toBe('camrelay_webhook_deliveries_total');
    await test(await rule({ url: `${ok.url}/x`, events: ['start'] }));
    expect(await delivered()).toBe(0);
    server!.recording.motion('front-door', { type: 'start', at: Date.now(), score: 5 });
    await waitFor(async () => (await delivered()) === 1, 'the event counted');
  });

  it.runIf(mosquittoAvailable())(
    'publishes the printed MQTT test event, says the printed MQTT outcomes, and lets the config file win',
    async () => {
      await start();
      const base = { url: broker!.url, username: 'camrelay' };
      await call('PUT', '/api/admin/notifications/mqtt', { ...base, password: 'wrong' });
      await waitFor(async () => {
        const r = await call('POST', '/api/admin/notifications/mqtt/test', { camera: 'front-door' });
        return r.json.outcome === outcomes[5];
      }, 'the printed refusal');
      await call('PUT', '/api/admin/notifications/mqtt', { ...base, password: PASSWORD });
      const listener = await listen(broker!.url, ['camrelay/+/event'], { username: 'camrelay', password: PASSWORD });
      try {
        await waitFor(async () => {
          const r = await call('POST', '/api/admin/notifications/mqtt/test', { camera: 'front-door' });
          return r.json.outcome === outcomes[4];
        }, 'the printed delivery');
        const printed = JSON.parse(sub('Send a test event').match(/```\n([\s\S]*?)```/)![1]!) as Record<string, unknown>;
        const published = JSON.parse((await listener.next('camrelay/front-door/event')).text) as Record<string, unknown>;
        expect(published).toEqual({ ...printed, time: published.time });
      } finally {
        await listener.close();
      }
      const dataDir = server!.dataDir;
      await stopTestServer(server, false);

      // The config file's mqtt wins, and the Admin area's is used again once the file sets none.
      await start({ dataDir, mqtt: mqttSetting(broker!.url, { username: 'camrelay', password: PASSWORD, topicPrefix: 'fromfile' }) });
      expect(await call('GET', '/api/admin/notifications').then((r) => r.json.mqtt)).toMatchObject({ source: 'config', topicPrefix: 'fromfile' });
      expect((await call('PUT', '/api/admin/notifications/mqtt', base)).json.error).toBe('MQTT_FROM_CONFIG');
      await stopTestServer(server, false);
      await start({ dataDir });
      expect(await call('GET', '/api/admin/notifications').then((r) => r.json.mqtt)).toMatchObject({
        source: 'admin',
        topicPrefix: 'camrelay',
        password: '(set)',
      });
    },
    60_000,
  );
});
