/** The settings page's addresses (`#/settings/<section>`, #42): pure, so they are tested without a DOM. */

export const SETTINGS_ROUTE = '#/settings';

/** The sections in the order of the side list; the first opens for `#/settings` alone on a wide screen. */
export const SETTINGS_SECTIONS = [
  { id: 'cameras', title: 'Cameras' },
  { id: 'add', title: 'Add a camera' },
  { id: 'recording', title: 'Recording' },
  { id: 'detection', title: 'Detection' },
  { id: 'plates', title: 'Known plates' },
  { id: 'faces', title: 'Faces' },
  { id: 'notifications', title: 'Notifications' },
  { id: 'home-assistant', title: 'Home Assistant' },
  { id: 'streams', title: 'Streams out' },
  { id: 'users', title: 'Users & tokens' },
  { id: 'offsite', title: 'Off-site' },
  { id: 'system', title: 'System' },
] as const;

export type SettingsSection = (typeof SETTINGS_SECTIONS)[number]['id'];

const ROUTE = /^#\/settings(?:\/([^/?#]*))?\/?$/;

function isSection(value: string): value is SettingsSection {
  return SETTINGS_SECTIONS.some((s) => s.id === value);
}

/**
 * What a location hash asks of the settings page: null when it is not a settings address; `{ section: null }` for the
 * list (`#/settings`, or a section this relay does not have, e.g. an old bookmark); else the section.
 */
export function parseSettingsRoute(hash: string): { section: SettingsSection | null } | null {
  const m = ROUTE.exec(hash);
  if (!m) return null;
  const name = m[1] ?? '';
  return { section: isSection(name) ? name : null };
}

/** The address of a section, or of the list. */
export function settingsRoute(section: SettingsSection | null = null): string {
  return section ? `${SETTINGS_ROUTE}/${section}` : SETTINGS_ROUTE;
}

/** A section's name as the list shows it. */
export function sectionTitle(section: SettingsSection): string {
  return SETTINGS_SECTIONS.find((s) => s.id === section)!.title;
}
