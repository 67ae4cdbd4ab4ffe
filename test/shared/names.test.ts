import { describe, expect, it } from 'vitest';
import { nameRefusal, refusedCharacter, tokenLabel } from '../../shared/names.js';

describe('refusedCharacter', () => {
  it.each([
    ['\u0000', 'U+0000'],
    ['\t', 'U+0009'],
    ['\u001b', 'U+001B'],
    ['\u007f', 'U+007F'],
    ['\u0080', 'U+0080'],
    ['\u0085', 'U+0085'],
    ['\u009b', 'U+009B'],
    ['\u009f', 'U+009F'],
    ['\u061c', 'U+061C'],
    ['\u200e', 'U+200E'],
    ['\u200f', 'U+200F'],
    ['\u2028', 'U+2028'],
    ['\u2029', 'U+2029'],
    ['\u202a', 'U+202A'],
    ['\u202e', 'U+202E'],
    ['\u2066', 'U+2066'],
    ['\u2069', 'U+2069'],
  ])('finds %j as %s, inside a name', (char, code) => {
    expect(refusedCharacter(`Drive${char}way`)).toBe(code);
  });

  it.each([['Driveway'], ['Entrée'], ['北門'], ['🚗 Garage'], ['שער'], ['Zone\u00a0A'], ['a\u200db'], ['\u00a0'], ['\u00ff']])(
    'finds nothing in %j',
    (name) => {
      expect(refusedCharacter(name)).toBeNull();
    },
  );
});

describe('nameRefusal', () => {
  it('is BAD_NAME naming the field and the character', () => {
    const error = nameRefusal('zones[0].name', 'Drive\u0085way');
    expect(error?.toJSON()).toMatchObject({ error: 'BAD_NAME', field: 'zones[0].name', message: expect.stringContaining('holds U+0085') });
    expect(nameRefusal('name', 'Driveway')).toBeNull();
  });
});

describe('tokenLabel', () => {
  it('is empty when absent or not text, the label when clean, and BAD_NAME otherwise', () => {
    expect(tokenLabel(undefined)).toEqual({ ok: true, value: '' });
    expect(tokenLabel(42)).toEqual({ ok: true, value: '' });
    expect(tokenLabel('frigate 北')).toEqual({ ok: true, value: 'frigate 北' });
    const refused = tokenLabel('frigate\u202e');
    expect(!refused.ok && refused.error.code).toBe('BAD_NAME');
  });
});
