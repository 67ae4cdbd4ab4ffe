/**
 * The docs on revisions, checked as printed: the codes' statuses in docs/protocol.md are the relay's,
 * the page's words quoted in the docs are the ones it shows, and the bounds said are the ones enforced.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conflictText } from '../../dashboard/src/admin/edit-conflict.js';
import { REVISION_MAX, revisionOf } from '../../server/http/edit-revision.js';
import { ERROR_CODES } from '../../shared/errors.js';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('the docs on revisions, as printed', () => {
  it('lists EDIT_CONFLICT and BAD_REVISION in docs/protocol.md with their statuses', () => {
    const protocol = doc('protocol.md');
    for (const code of ['EDIT_CONFLICT', 'BAD_REVISION'] as const) {
      expect(protocol, code).toMatch(new RegExp(`^\\| \`${code}\` \\| ${ERROR_CODES[code].status} \\|`, 'm'));
    }
  });

  it('quotes the words the page shows, for a save at 10:42', () => {
    const at = new Date(2026, 10, 26, 10, 42).getTime();
    const shown = conflictText({ savedBy: 'ana', savedAt: at }, at).replace(' AM', '');
    for (const name of ['recording.md', 'cameras.md', 'notifications.md']) {
      const quoted = /"(ana saved these settings at 10:42, after you opened them)"/.exec(doc(name).replace(/\n\s*/g, ' '));
      expect(quoted, name).not.toBeNull();
      expect(shown.startsWith(quoted![1]!), name).toBe(true);
    }
  });

  it('says the bounds the relay keeps: 16 characters given, at most 64 taken', () => {
    const section = doc('recording.md').replace(/\n/g, ' ');
    expect(section).toContain('a `revision` (16 characters');
    expect(revisionOf({})).toHaveLength(16);
    expect(section).toContain(`A \`revision\` longer than ${REVISION_MAX} characters`);
  });
});
