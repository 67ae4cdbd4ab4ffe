/** The menu's layout, compact and theme controls, bound to this browser's preferences. */
import { byTestId, setText } from '../dom.js';
import type { GridLayout } from './layout.js';
import { nextTheme, Preferences, type Density, type ViewPreferences } from './preferences.js';

export class ViewControls {
  private readonly density = byTestId<HTMLSelectElement>('density');
  private readonly compact = byTestId<HTMLInputElement>('compact-toggle');
  private readonly theme = byTestId('theme-toggle');
  private readonly prefs: Preferences;

  constructor(private readonly layout: GridLayout) {
    this.prefs = new Preferences((p) => this.apply(p));
    this.density.addEventListener('change', () => this.prefs.set({ density: this.density.value as Density }));
    this.compact.addEventListener('change', () => this.prefs.set({ compact: this.compact.checked }));
    this.theme.addEventListener('click', () => this.prefs.set({ theme: nextTheme(this.prefs.value.theme) }));
    this.apply(this.prefs.value);
  }

  private apply(p: ViewPreferences): void {
    this.density.value = p.density;
    this.compact.checked = p.compact;
    setText(this.theme, `Theme: ${p.theme}`);
    // No attribute: the system's choice (prefers-color-scheme) decides.
    if (p.theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = p.theme;
    this.layout.set(p.density, p.compact);
  }
}
