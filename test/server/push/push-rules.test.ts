import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventObject } from '../../../shared/events.js';
import { hears, objectsFor, parsePushRule } from '../../../server/push/push-rules.js';

const object = (label: string, again?: boolean): EventObject => ({
  label,
  tracked: label,
  score: 0.8,
  box: [1, 2, 3, 4],
  zones: [],
  at: 1,
  ...(again ? { again } : {}),
});

describe('parsePushRule', () => {
  it('takes alerts and newObjectsOnly, each optional, and looks at nothing else', () => {
    expect(parsePushRule({ endpoint: 'x', alerts: ['left', 'objects'], newObjectsOnly: true })).toEqual({
      ok: true,
      value: { alerts: ['left', 'objects'], newObjectsOnly: true },
    });
    expect(parsePushRule({ endpoint: 'x' })).toEqual({ ok: true, value: {} });
    expect(parsePushRule(null)).toEqual({ ok: true, value: {} });
  });

  it('refuses alerts that are not some of its three, each once, in the words the webhook form says, with BAD_PUSH_SUBSCRIPTION', () => {
    const must = 'The push subscription is not valid: alerts must list some of objects (new objects), loitering, left (left the view), each once.';
    for (const alerts of [[], ['left', 'left'], ['moved'], 'left', ['objects', 'loitering', 'left', 'objects']]) {
      const r = parsePushRule({ alerts });
      expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['BAD_PUSH_SUBSCRIPTION', must]);
    }
    const doc = readFileSync(new URL('../../../docs/notifications.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(doc).toContain(`\`${must.replace('The push subscription is not valid: ', '').replace(/\.$/, '')}\``);
    const r = parsePushRule({ newObjectsOnly: 'yes' });
    expect(r.ok ? null : r.error.message).toBe('The push subscription is not valid: newObjectsOnly must be true or false.');
  });
});

describe('hears', () => {
  it('hears new objects and loitering by default, not a leaving', () => {
    expect([hears({}, 'objects'), hears({}, 'loitering'), hears({}, 'left')]).toEqual([true, true, false]);
    expect([hears({ alerts: ['left'] }, 'objects'), hears({ alerts: ['left'] }, 'left')]).toEqual([false, true]);
  });
});

describe('objectsFor', () => {
  it('gives the new objects a device is told of: all by default, none without objects, not those moving again with newObjectsOnly', () => {
    const fresh = [object('person'), object('car', true)];
    expect(objectsFor({}, fresh)).toEqual(fresh);
    expect(objectsFor({ alerts: ['loitering'] }, fresh)).toEqual([]);
    expect(objectsFor({ newObjectsOnly: true }, fresh)).toEqual([fresh[0]]);
  });
});
