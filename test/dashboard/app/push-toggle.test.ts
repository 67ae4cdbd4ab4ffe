import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHOICE_SAYS, deviceIn } from '../../../dashboard/src/app/push-choices.js';
import { SAYS } from '../../../dashboard/src/app/push-toggle.js';

const doc = readFileSync(new URL('../../../docs/notifications.md', import.meta.url), 'utf8');

describe('PushToggle', () => {
  it("says why it cannot work in the words docs/notifications.md's table prints", () => {
    for (const state of ['insecure', 'unsupported', 'blocked'] as const) expect(doc).toContain(`| ${SAYS[state]} |`);
  });

  it("prints the choices' words and the forgotten device's as the menu says them", () => {
    for (const words of [CHOICE_SAYS.saved, CHOICE_SAYS.none, SAYS.forgotten]) expect(doc).toContain(`\`${words}\``);
  });
});

describe('deviceIn', () => {
  const endpoint = 'https://fcm.googleapis.com/fcm/send/a';
  it("finds this device among the user's, reading only the choices it knows", () => {
    const body = { devices: [{ endpoint: 'https://x.example/b' }, { endpoint, alerts: ['left', 'sneezing', 'objects'], newObjectsOnly: 'yes' }] };
    expect(deviceIn(body, endpoint)).toEqual({ endpoint, alerts: ['objects', 'left'], newObjectsOnly: false });
    expect(deviceIn({ devices: [{ endpoint, alerts: null, newObjectsOnly: true }] }, endpoint)).toEqual({ endpoint, alerts: null, newObjectsOnly: true });
  });
  it('is null for a device not listed, or an answer that is no list', () => {
    expect(deviceIn({ devices: [null, { endpoint: 'https://x.example/b' }] }, endpoint)).toBeNull();
    expect(deviceIn({ devices: 'all' }, endpoint)).toBeNull();
    expect(deviceIn(null, endpoint)).toBeNull();
  });
});
