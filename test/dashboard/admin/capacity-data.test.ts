/** The Admin's reading of the relay's capacity words: shown as the relay says them, nothing when it says none. */
import { describe, expect, it } from 'vitest';
import { looksText, parseCapacity } from '../../../dashboard/src/admin/capacity-data.js';

describe('parseCapacity', () => {
  it('takes the relay’s sentence and its warning', () => {
    expect(parseCapacity({ ok: true, capacity: { text: 'This PC can look at 20 frames a second.', warning: 'Too many.' } })).toEqual({
      text: 'This PC can look at 20 frames a second.',
      warning: 'Too many.',
    });
  });

  it('gives no warning when the relay gives none, and nothing for an answer without a sentence', () => {
    expect(parseCapacity({ capacity: { text: 'This PC can look at 20 frames a second.', warning: null } })?.warning).toBeNull();
    expect(parseCapacity({ capacity: {} })).toBeNull();
    expect(parseCapacity('<html>')).toBeNull();
  });
});

describe('looksText', () => {
  it('says a detecting camera’s looks as a sentence, and nothing for one that does not detect', () => {
    expect(looksText({ looks: { text: '2 looks a second over the last minute, none skipped' } })).toBe('2 looks a second over the last minute, none skipped.');
    expect(looksText({ looks: null })).toBeNull();
  });
});
