import { describe, expect, it } from 'vitest';
import { parseSettingsRoute, sectionTitle, SETTINGS_SECTIONS, settingsRoute } from '../../../dashboard/src/settings/settings-route.js';

describe('parseSettingsRoute', () => {
  it('reads each section by its address, with or without a trailing slash', () => {
    for (const { id } of SETTINGS_SECTIONS) {
      expect(parseSettingsRoute(`#/settings/${id}`)).toEqual({ section: id });
      expect(parseSettingsRoute(`#/settings/${id}/`)).toEqual({ section: id });
    }
  });

  it('reads #/settings alone as the list', () => {
    expect(parseSettingsRoute('#/settings')).toEqual({ section: null });
    expect(parseSettingsRoute('#/settings/')).toEqual({ section: null });
  });

  it('opens the list for a section this relay does not have (an old bookmark), not an error', () => {
    expect(parseSettingsRoute('#/settings/mqtt')).toEqual({ section: null });
    expect(parseSettingsRoute('#/settings/Cameras')).toEqual({ section: null });
  });

  it('is null for every other address', () => {
    for (const hash of ['', '#', '#/', '#/wall', '#/events', '#/camera/settings', '#/settingsx', '#/settings/cameras/extra', '#settings']) {
      expect(parseSettingsRoute(hash)).toBeNull();
    }
  });
});

describe('settingsRoute', () => {
  it('writes the address parseSettingsRoute reads back', () => {
    for (const { id } of SETTINGS_SECTIONS) expect(parseSettingsRoute(settingsRoute(id))).toEqual({ section: id });
    expect(settingsRoute()).toBe('#/settings');
  });
});

describe('SETTINGS_SECTIONS', () => {
  it('lists the sections in the order of the side list, cameras first', () => {
    expect(SETTINGS_SECTIONS.map((s) => s.id)).toEqual([
      'cameras',
      'add',
      'recording',
      'detection',
      'plates',
      'faces',
      'notifications',
      'home-assistant',
      'streams',
      'users',
      'offsite',
      'system',
    ]);
    expect(sectionTitle('users')).toBe('Users & tokens');
  });

  it("names the issue's sections as #42 lists them, Home Assistant and Off-site among them", () => {
    expect(SETTINGS_SECTIONS.map((s) => s.title)).toEqual([
      'Cameras',
      'Add a camera',
      'Recording',
      'Detection',
      'Known plates',
      'Faces',
      'Notifications',
      'Home Assistant',
      'Streams out',
      'Users & tokens',
      'Off-site',
      'System',
    ]);
    expect(parseSettingsRoute('#/settings/home-assistant')).toEqual({ section: 'home-assistant' });
    expect(parseSettingsRoute('#/settings/offsite')).toEqual({ section: 'offsite' });
  });
});
