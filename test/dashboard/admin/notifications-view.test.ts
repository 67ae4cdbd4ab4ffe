import { describe, expect, it } from 'vitest';
import { parseNotifications } from '../../../dashboard/src/admin/notifications-view.js';
import { describeSwitches, listOf } from '../../../dashboard/src/admin/notify-fields.js';

const mqtt = {
  source: null,
  enabled: false,
  url: '',
  username: null,
  password: null,
  topicPrefix: 'camrelay',
  discoveryPrefix: 'homeassistant',
  allowCommands: false,
  cameras: null,
  events: ['start', 'end'],
  status: 'off',
};
const rule = {
  id: 'a1',
  source: 'admin',
  enabled: true,
  url: 'http://h/x',
  format: 'json',
  cameras: null,
  events: ['start'],
  headers: { Authorization: '(set)' },
};

describe('parseNotifications', () => {
  it('reads the relay’s answer, skipping rules it cannot show', () => {
    expect(parseNotifications({ webhooks: [rule, { id: 7 }, null], mqtt, cameras: ['porch', 3] })).toEqual({ webhooks: [rule], mqtt, cameras: ['porch'] });
  });

  it('refuses an answer without its lists', () => {
    expect(parseNotifications(null)).toBeNull();
    expect(parseNotifications({ webhooks: [], cameras: [] })).toBeNull();
    expect(parseNotifications({ webhooks: {}, mqtt, cameras: [] })).toBeNull();
  });
});

describe('describeSwitches', () => {
  it('says which cameras and which events, in words', () => {
    expect(describeSwitches(null, ['start', 'end'])).toBe('all cameras · starts and ends');
    expect(describeSwitches(['porch', 'garden'], ['start'])).toBe('porch, garden · starts only');
    expect(describeSwitches([], ['end'])).toBe('no camera · ends only');
    expect(describeSwitches(null, ['start', 'end'], ['person', 'vehicle'], null)).toBe('all cameras · person, vehicle');
    expect(describeSwitches(['porch'], ['start', 'end'], ['person'], ['Driveway', 'Steps'])).toBe('porch · person · in Driveway, Steps');
  });

  it('names a labels rule’s alerts when they are more than new objects, and new objects only', () => {
    expect(describeSwitches(null, ['start', 'end'], ['vehicle'], null, { alerts: ['objects'], newObjectsOnly: false })).toBe('all cameras · vehicle');
    expect(describeSwitches(null, ['start', 'end'], ['vehicle'], ['Drive'], { alerts: ['left', 'objects', 'loitering'], newObjectsOnly: true })).toBe(
      'all cameras · vehicle · in Drive · new objects, loitering, left the view · new objects only',
    );
    expect(describeSwitches(null, ['start'], null, null, { alerts: ['loitering'], newObjectsOnly: true })).toBe('all cameras · starts only');
  });
});

describe('listOf', () => {
  it('reads a comma-separated field: trimmed words, each once, none as null', () => {
    expect(listOf(' person, vehicle ,person,, ')).toEqual(['person', 'vehicle']);
    expect(listOf(' , ')).toBeNull();
    expect(listOf('a,b,c', 2)).toEqual(['a', 'b']);
  });
});
