import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pushNotice } from '../../../server/push/push-notice.js';

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
