import { describe, expect, it } from 'vitest';
import { conflictText, parseRevised } from '../../../dashboard/src/admin/edit-conflict.js';
import { fieldMessage } from '../../../dashboard/src/admin/recording-data.js';

describe('conflictText', () => {
  it('names who saved first and at what time of today', () => {
    const at = new Date(2026, 10, 26, 10, 42).getTime();
    const text = conflictText({ savedBy: 'ana', savedAt: at }, at + 60_000);
    // The time is in the reader's locale: 10:42, or 10:42 AM.
    expect(text).toMatch(
      /^ana saved these settings at 10:42( AM)?, after you opened them\. Reload to see theirs \(your changes go\), or save yours over them\.$/,
    );
  });

  it('gives the day of a save made more than 12 hours ago', () => {
    const at = new Date(2026, 10, 24, 9, 5).getTime();
    expect(conflictText({ savedBy: 'ana', savedAt: at }, at + 2 * 86_400_000)).toMatch(/^ana saved these settings at (24 Nov|Nov 24) 0?9:05( AM)?,/);
  });

  it('says the settings changed when the relay does not know who changed them', () => {
    expect(conflictText({ savedBy: null, savedAt: null })).toMatch(
      /^These settings were changed after you opened them \(by another admin, an MQTT command or the config file\)\./,
    );
  });
});

describe('parseRevised', () => {
  it('reads the revision and the last save, and drops what is not one', () => {
    expect(parseRevised({ revision: '0123456789abcdef', savedBy: 'ana', savedAt: 5 })).toEqual({ revision: '0123456789abcdef', savedBy: 'ana', savedAt: 5 });
    expect(parseRevised({ revision: 'x'.repeat(65), savedBy: 7, savedAt: 'now' })).toEqual({ revision: null, savedBy: null, savedAt: null });
    expect(parseRevised(null)).toEqual({ revision: null, savedBy: null, savedAt: null });
  });
});

describe('fieldMessage', () => {
  it('keeps what is wrong with the field, without its path', () => {
    expect(fieldMessage('The recording settings are not valid: body.motion.threshold must be a number from 1 to 255.')).toBe('Must be a number from 1 to 255.');
    expect(fieldMessage('The recording settings are not valid: body.fps must be a number from 0.1 to 60.')).toBe('Must be a number from 0.1 to 60.');
    expect(fieldMessage('Something else.')).toBe('Something else.');
  });
});
