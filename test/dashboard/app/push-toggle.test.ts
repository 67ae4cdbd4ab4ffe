import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAYS } from '../../../dashboard/src/app/push-toggle.js';

const doc = readFileSync(new URL('../../../docs/notifications.md', import.meta.url), 'utf8');

describe('PushToggle', () => {
  it("says why it cannot work in the words docs/notifications.md's table prints", () => {
    for (const state of ['insecure', 'unsupported', 'blocked'] as const) expect(doc).toContain(`| ${SAYS[state]} |`);
  });
});
