import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, nextTheme, parsePreferences } from '../../../dashboard/src/tiles/preferences.js';

describe('parsePreferences', () => {
  it('reads what was stored', () => {
    expect(parsePreferences('{"density":"3","compact":true,"theme":"dark"}')).toEqual({ density: '3', compact: true, theme: 'dark' });
  });

  it('falls back to the defaults, field by field, for anything else', () => {
    expect(parsePreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('not json')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('{"density":"9","compact":"yes","theme":"neon"}')).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences('{"density":"2"}')).toEqual({ ...DEFAULT_PREFERENCES, density: '2' });
  });
});

describe('nextTheme', () => {
  it('cycles system → light → dark → system', () => {
    expect([nextTheme('system'), nextTheme('light'), nextTheme('dark')]).toEqual(['light', 'dark', 'system']);
  });
});
