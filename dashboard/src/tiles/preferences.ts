/**
 * This browser's choices about the page: grid density, compact tiles and the theme, kept in
 * localStorage (where the browser allows it) and applied as attributes CSS reads.
 */

import { readStored, writeStored } from '../local-store.js';

export type Density = 'auto' | '1' | '2' | '3' | '4';
export type Theme = 'system' | 'light' | 'dark';

const DENSITIES: readonly Density[] = ['auto', '1', '2', '3', '4'];
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
const KEY = 'camrelay.view';

export interface ViewPreferences {
  density: Density;
  compact: boolean;
  theme: Theme;
}

export const DEFAULT_PREFERENCES: ViewPreferences = { density: 'auto', compact: false, theme: 'system' };

/** Whatever was stored, checked field by field: a hand-edited or older value falls back to the default. */
export function parsePreferences(raw: string | null): ViewPreferences {
  let value: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw === null ? {} : JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null) value = parsed as Record<string, unknown>;
  } catch {
    // not JSON: defaults
  }
  return {
    density: DENSITIES.includes(value.density as Density) ? (value.density as Density) : DEFAULT_PREFERENCES.density,
    compact: value.compact === true,
    theme: THEMES.includes(value.theme as Theme) ? (value.theme as Theme) : DEFAULT_PREFERENCES.theme,
  };
}

/** The next theme of the toggle: system → light → dark → system. */
export function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
}

export class Preferences {
  private current: ViewPreferences;

  constructor(private readonly onChange: (p: ViewPreferences) => void) {
    this.current = parsePreferences(readStored(KEY));
  }

  get value(): ViewPreferences {
    return this.current;
  }

  set(change: Partial<ViewPreferences>): void {
    this.current = { ...this.current, ...change };
    writeStored(KEY, JSON.stringify(this.current));
    this.onChange(this.current);
  }
}
