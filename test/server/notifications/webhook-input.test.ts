/** The Admin area's webhook rules checked by the config file's checker, secrets kept on an edit. */
import { describe, expect, it } from 'vitest';
import { checkWebhookInput, fieldOf, webhookView, type AdminWebhook } from '../../../server/notifications/webhook-input.js';

const old: AdminWebhook = {
  id: 'a1',
  enabled: true,
  url: 'https://ntfy.example.com/cams',
  format: 'ntfy',
  headers: { Authorization: 'Bearer old', 'X-Other': 'x' },
};

describe('checkWebhookInput', () => {
  it('takes a rule, on by default', () => {
    expect(checkWebhookInput({ url: 'http://h/x', events: ['start'] }, 'b2')).toEqual({
      ok: true,
      value: { id: 'b2', enabled: true, url: 'http://h/x', events: ['start'] },
    });
  });

  it('refuses with the config file’s sentence and names the field', () => {
    expect(checkWebhookInput({ url: 'http://user:pw@h/x' }, 'b2')).toEqual({
      ok: false,
      error: { message: 'webhook.url must be an http:// or https:// URL without a user name or password', field: 'url', code: 'BAD_WEBHOOK' },
    });
    expect(checkWebhookInput({ url: 'http://h', format: 'xml' }, 'b2')).toMatchObject({ error: { field: 'format' } });
    expect(checkWebhookInput({ url: 'http://h', nope: 1 }, 'b2')).toMatchObject({
      error: { message: 'webhook.nope is not part of a webhook (known: url, cameras, events, format, headers, labels, zones, alerts, newObjectsOnly, names)' },
    });
    expect(checkWebhookInput({ url: 'http://h', enabled: 'yes' }, 'b2')).toMatchObject({ error: { field: 'enabled' } });
    expect(checkWebhookInput([], 'b2')).toMatchObject({ error: { field: null } });
    expect(checkWebhookInput({ url: 'http://h', headers: { Expect: '100-continue' } }, 'b2')).toMatchObject({
      error: { field: 'headers', code: 'WEBHOOK_HEADER_UNSENDABLE' },
    });
  });

  it('keeps the alerts and new-objects-only an edit leaves out (the Admin form has no fields for them); null or false changes them', () => {
    const rule: AdminWebhook = { id: 'a1', enabled: true, url: 'http://h/x', labels: ['person'], alerts: ['loitering', 'left'], newObjectsOnly: true };
    const fromForm = checkWebhookInput({ url: 'http://h/x', labels: ['person'], zones: null }, 'a1', rule);
    expect(fromForm).toMatchObject({ ok: true, value: { alerts: ['loitering', 'left'], newObjectsOnly: true } });
    const cleared = checkWebhookInput({ url: 'http://h/x', labels: ['person'], alerts: null, newObjectsOnly: false }, 'a1', rule);
    expect(cleared.ok && cleared.value.alerts).toBeUndefined();
    expect(cleared).toMatchObject({ ok: true, value: { newObjectsOnly: false } });
  });

  it('keeps a header’s old value when the edit sends it empty, and drops a header left out', () => {
    const edited = checkWebhookInput({ url: old.url, format: 'ntfy', headers: { Authorization: '' } }, 'a1', old);
    expect(edited).toMatchObject({ ok: true, value: { headers: { Authorization: 'Bearer old' } } });
    expect(checkWebhookInput({ url: old.url, headers: { Authorization: 'Bearer new' } }, 'a1', old)).toMatchObject({
      value: { headers: { Authorization: 'Bearer new' } },
    });
    // A new header sent empty has nothing to keep: it is left out.
    expect(checkWebhookInput({ url: old.url, headers: { 'X-New': '' } }, 'a1', old)).toMatchObject({ value: { headers: {} } });
  });

  it('keeps an old value only for the same server: one moved elsewhere must be entered again', () => {
    const at = (url: string) => checkWebhookInput({ url, headers: { Authorization: '' } }, 'a1', old);
    const server = new URL(old.url);
    // Another path on the same server keeps it; another host, port or scheme does not.
    expect(at(`${server.origin}/another/path`)).toMatchObject({ ok: true, value: { headers: { Authorization: 'Bearer old' } } });
    for (const moved of ['https://collector.example/hook', `${server.protocol}//${server.hostname}:9/x`, old.url.replace(/^http/, 'https')]) {
      expect(at(moved)).toEqual({
        ok: false,
        error: {
          message:
            'webhook.headers.Authorization: enter its value again: the address now goes to another server, and a kept value goes only to the one it was set for',
          field: 'headers',
        },
      });
    }
    // A value typed again goes anywhere.
    expect(checkWebhookInput({ url: 'https://collector.example/hook', headers: { Authorization: 'Bearer typed' } }, 'a1', old)).toMatchObject({ ok: true });
  });

  it('keeps the switch of the rule it replaces when the edit leaves it out', () => {
    expect(checkWebhookInput({ url: old.url }, 'a1', { ...old, enabled: false })).toMatchObject({ value: { enabled: false } });
  });
});

describe('checkWebhookInput with labels and zones', () => {
  it('takes labels and zones, null meaning none, and names the field of a bad one', () => {
    expect(checkWebhookInput({ url: 'http://h/x', labels: ['person', 'vehicle'], zones: ['Driveway'] }, 'c3')).toEqual({
      ok: true,
      value: { id: 'c3', enabled: true, url: 'http://h/x', labels: ['person', 'vehicle'], zones: ['Driveway'] },
    });
    expect(checkWebhookInput({ url: 'http://h/x', labels: null, zones: null }, 'c3')).toEqual({
      ok: true,
      value: { id: 'c3', enabled: true, url: 'http://h/x' },
    });
    expect(checkWebhookInput({ url: 'http://h/x', labels: ['unicorn'] }, 'c3')).toMatchObject({ ok: false, error: { field: 'labels' } });
    expect(checkWebhookInput({ url: 'http://h/x', labels: ['person'], zones: [42] }, 'c3')).toMatchObject({ ok: false, error: { field: 'zones' } });
    expect(checkWebhookInput({ url: 'http://h/x', zones: ['Driveway'] }, 'c3')).toMatchObject({ ok: false, error: { field: 'zones' } });
  });

  it('shows a rule’s labels and zones', () => {
    expect(webhookView({ url: 'http://h/x', labels: ['person'], zones: ['Driveway'] }, 'c3', 'admin', true)).toMatchObject({
      labels: ['person'],
      zones: ['Driveway'],
    });
  });
});

describe('webhookView', () => {
  it('shows header names with (set), never their values, and the defaults spelled out', () => {
    expect(webhookView(old, 'a1', 'admin', true)).toEqual({
      id: 'a1',
      source: 'admin',
      enabled: true,
      url: old.url,
      format: 'ntfy',
      cameras: null,
      events: ['start', 'end'],
      labels: null,
      zones: null,
      headers: { Authorization: '(set)', 'X-Other': '(set)' },
    });
  });
});

describe('fieldOf', () => {
  it('names the word after the prefix, or nothing', () => {
    expect(fieldOf('mqtt.topicPrefix must be topic levels', 'mqtt')).toBe('topicPrefix');
    expect(fieldOf('webhook must be an object', 'webhook')).toBeNull();
  });
});
