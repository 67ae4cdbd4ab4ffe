import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leftNotice, loiterNotice, pushNotice } from '../../../server/push/push-notice.js';

const doc = readFileSync(new URL('../../../docs/notifications.md', import.meta.url), 'utf8');
const webPush = doc.slice(doc.indexOf('## Web Push'));

describe('pushNotice', () => {
  const notice = pushNotice({ id: '1764000000000', camera: 'porch', start: 1764000000000, end: null, peakScore: 3 }, 'Porch');

  it('opens the event in the app, relative to its scope (a proxy sub-path included)', () => {
    expect(notice).toMatchObject({ url: '#/camera/porch/at/1764000000000', camera: 'porch', eventId: '1764000000000', tag: 'motion-porch-1764000000000' });
  });

  it('says what docs/notifications.md prints', () => {
    expect(webPush).toContain(`> **${notice.title}**\n> ${notice.body}\n`);
  });
});

describe('leftNotice', () => {
  const object = { id: 4, label: 'person', tracked: 'person', score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number], zones: ['Steps'], at: 1_000 };
  const notice = leftNotice('porch', { object, zone: 'Steps', forMs: 60_000, text: 'Person left Steps after 1 min', at: 61_000 });

  it('says the leaving in its words and opens the view from when the object came, under a tag of its own', () => {
    expect(notice).toEqual({
      title: 'Person left Steps after 1 min',
      body: 'Tap to watch it from when it came.',
      url: '#/camera/porch/at/1000',
      camera: 'porch',
      eventId: '0000000001000',
      tag: 'left-porch-4',
    });
    const stay = loiterNotice('porch', { object, zone: 'Steps', forMs: 30_000, text: 'Person in Steps for 30 s', at: 31_000 });
    expect(stay.tag).not.toBe(notice.tag);
  });
});
