import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../../../server/recording/settings.js';

const parsed = (v: unknown) => parseRecording(JSON.stringify(v));
const error = (v: unknown) => {
  const r = parsed(v);
  return r.ok ? null : r.error;
};

describe('recording.webhooks and recording.publicUrl', () => {
  it('takes rules with their optional keys, and the public address without a trailing slash', () => {
    const rules = [
      { url: 'http://homeassistant.local:8123/api/webhook/camrelay-motion' },
      { url: 'https://ntfy.sh/my-cams', cameras: ['door'], events: ['start'], format: 'ntfy', headers: { Authorization: 'Bearer tk_1' } },
    ];
    const r = parsed({ webhooks: rules, publicUrl: 'https://cams.example.com/relay/' });
    expect(r.ok && [r.value.webhooks, r.value.publicUrl]).toEqual([rules, 'https://cams.example.com/relay']);
    const none = parsed({});
    expect(none.ok && [none.value.webhooks, none.value.publicUrl]).toEqual([[], null]);
  });

  it('takes names on a rule with labels, within their bounds (#58)', () => {
    const rule = { url: 'http://x', labels: ['person', 'vehicle'], names: ['Alice', "Mum's car", 'unknown'] };
    const r = parsed({ webhooks: [rule] });
    expect(r.ok && r.value.webhooks).toEqual([rule]);
    const must = 'recording.webhooks[0].names must be a list of at most 32 names of known people or plates (or "unknown"), each 1-40 characters on one line';
    for (const names of [[], ['x'.repeat(41)], ['a\nb'], [''], 'Alice', Array.from({ length: 33 }, (_, i) => `p${i}`)])
      expect(error({ webhooks: [{ ...rule, names }] })).toContain(must);
    expect(error({ webhooks: [{ url: 'http://x', names: ['Alice'] }] })).toContain('recording.webhooks[0].names needs labels');
    // The rule docs/notifications.md prints, as printed, with its receiver's address.
    const doc = readFileSync(new URL('../../../../docs/notifications.md', import.meta.url), 'utf8');
    const printed = JSON.parse(/A rule with `names` \(#58\)[\s\S]*?`(\{"labels"[^`]*\})`/.exec(doc)![1]!) as object;
    expect(printed).toEqual({ labels: ['person'], names: ['Alice'] });
    expect(error({ webhooks: [{ url: 'http://x', ...printed }] })).toBeNull();
  });

  it('takes alerts and newObjectsOnly on a rule with labels, within their bounds (#57)', () => {
    const rule = { url: 'http://x', labels: ['person'], alerts: ['objects', 'left', 'loitering'], newObjectsOnly: true };
    const r = parsed({ webhooks: [rule] });
    expect(r.ok && r.value.webhooks).toEqual([rule]);
    const at = 'recording.webhooks[0]';
    const must = `${at}.alerts must list some of objects (new objects), loitering, left (left the view), each once`;
    expect(error({ webhooks: [{ ...rule, alerts: [] }] })).toBe(must);
    expect(error({ webhooks: [{ ...rule, alerts: ['left', 'left'] }] })).toBe(must);
    expect(error({ webhooks: [{ ...rule, alerts: ['moved'] }] })).toBe(must);
    expect(error({ webhooks: [{ ...rule, alerts: 'left' }] })).toBe(must);
    expect(error({ webhooks: [{ ...rule, newObjectsOnly: 'yes' }] })).toBe(`${at}.newObjectsOnly must be true or false`);
    expect(error({ webhooks: [{ url: 'http://x', alerts: ['left'] }] })).toBe(`${at}.alerts needs labels: it is about objects (e.g. labels ["person"])`);
    expect(error({ webhooks: [{ url: 'http://x', newObjectsOnly: false }] })).toBe(
      `${at}.newObjectsOnly needs labels: it is about objects (e.g. labels ["person"])`,
    );
  });

  it('refuses bad alerts in the words docs/notifications.md prints, `left` said as the form says it (left the view)', () => {
    const doc = readFileSync(new URL('../../../../docs/notifications.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const refusal = error({ webhooks: [{ url: 'http://x', labels: ['person'], alerts: [] }] })!.replace('recording.webhooks[0]', 'webhook');
    expect(doc).toContain(`\`${refusal}\``);
    expect(refusal).toContain('left (left the view)');
    expect(doc).toContain('Loitering and Left the view (`left`)');
  });

  it('names the bad key', () => {
    expect(error({ webhooks: {} })).toBe('recording.webhooks must be a list of at most 32 webhooks');
    expect(error({ webhooks: [{ url: 'ftp://x' }] })).toBe('recording.webhooks[0].url must be an http:// or https:// URL without a user name or password');
    expect(error({ webhooks: [{ url: 'https://u:p@x.example' }] })).toBe(
      'recording.webhooks[0].url must be an http:// or https:// URL without a user name or password',
    );
    expect(error({ webhooks: [{ url: 'http://x', events: ['moved'] }] })).toBe('recording.webhooks[0].events must be a list of start, end');
    expect(error({ webhooks: [{ url: 'http://x', cameras: ['../a'] }] })).toBe('recording.webhooks[0].cameras must be a list of at most 256 camera ids');
    expect(error({ webhooks: [{ url: 'http://x', format: 'xml' }] })).toBe('recording.webhooks[0].format must be one of json, ntfy');
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'X-A': 'a\r\nX-B: b' } }] })).toBe(
      'recording.webhooks[0].headers.X-A must be text on one line (at most 4096 characters)',
    );
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'bad name': 'a' } }] })).toBe('recording.webhooks[0].headers: "bad name" is not a header name');
    // The config file's rules go through the Admin area's checker: a header that can never be sent stops the start.
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'Content-Length': '12' } }] })).toBe(
      'recording.webhooks[0].headers.Content-Length cannot be set by a webhook: the relay sets it for each request',
    );
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'X-Price': '5 €' } }] })).toMatch(/^recording\.webhooks\[0\]\.headers\.X-Price cannot be sent: /);
    expect(error({ webhooks: [{ url: 'http://x', retries: 3 }] })).toBe(
      'recording.webhooks[0].retries is not part of a webhook (known: url, cameras, events, format, headers, labels, zones, alerts, newObjectsOnly, names)',
    );
    expect(error({ publicUrl: 'cams.example.com' })).toBe("recording.publicUrl must be the relay's http:// or https:// address, e.g. https://cams.example.com");
  });

  it('takes labels (COCO labels or groups) and, with them, zones', () => {
    const rules = [{ url: 'https://ntfy.sh/my-cams', format: 'ntfy', labels: ['person', 'vehicle', 'dog'], zones: ['Driveway', 'Front path'] }];
    const r = parsed({ webhooks: rules });
    expect(r.ok && r.value.webhooks).toEqual(rules);
  });

  it('refuses bad labels and zones, naming the key, and zones or events that make no sense with them', () => {
    const labels = 'recording.webhooks[0].labels must be a list of COCO labels (person, car, dog…) or groups (vehicle, animal), at most 82';
    expect(error({ webhooks: [{ url: 'http://x', labels: ['person', 'persons'] }] })).toBe(
      'recording.webhooks[0].labels: "persons" is not a COCO label (person, car, dog…) or a group (vehicle, animal)',
    );
    expect(error({ webhooks: [{ url: 'http://x', labels: [{}] }] })).toBe(
      'recording.webhooks[0].labels: "[object Object]" is not a COCO label (person, car, dog…) or a group (vehicle, animal)',
    );
    expect(error({ webhooks: [{ url: 'http://x', labels: [] }] })).toBe(labels);
    expect(error({ webhooks: [{ url: 'http://x', labels: 'person' }] })).toBe(labels);
    expect(error({ webhooks: [{ url: 'http://x', labels: Array.from({ length: 83 }, () => 'person') }] })).toBe(labels);
    const zones = 'recording.webhooks[0].zones must be a list of at most 16 zone names, each 1-40 characters on one line';
    expect(error({ webhooks: [{ url: 'http://x', labels: ['person'], zones: ['Drive\nway'] }] })).toBe(zones);
    expect(error({ webhooks: [{ url: 'http://x', labels: ['person'], zones: ['x'.repeat(41)] }] })).toBe(zones);
    expect(error({ webhooks: [{ url: 'http://x', labels: ['person'], zones: Array.from({ length: 17 }, (_, i) => `z${i}`) }] })).toBe(zones);
    expect(error({ webhooks: [{ url: 'http://x', labels: ['person'], zones: [' '] }] })).toBe(zones);
    expect(error({ webhooks: [{ url: 'http://x', zones: ['Driveway'] }] })).toBe(
      'recording.webhooks[0].zones needs labels: a zone limits the objects a rule hears of (e.g. labels ["person"])',
    );
    expect(error({ webhooks: [{ url: 'http://x', labels: ['person'], events: ['start'] }] })).toBe(
      "recording.webhooks[0].events cannot be set with labels: a rule with labels hears each new object, not motion's start and end",
    );
  });
});
