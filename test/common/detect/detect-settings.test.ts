/** A camera's detection settings: defaults, groups, per-label filters, and every bad value refused with BAD_DETECT_SETTINGS naming its field. */
import { describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS, filterFor, trackedAs, type DetectSettings } from '../../../common/detect/detect-settings.js';
import { validateDetectSettings } from '../../../common/detect/detect-settings-check.js';

const square = (name: string) => ({
  name,
  points: [
    { x: 0.1, y: 0.1 },
    { x: 0.5, y: 0.1 },
    { x: 0.5, y: 0.5 },
    { x: 0.1, y: 0.5 },
  ],
});

/** The refusal's code, field and message, or the value when it was accepted. */
function refusal(raw: unknown, base?: DetectSettings) {
  const got = validateDetectSettings(raw, base);
  if (got.ok) return { accepted: got.value };
  return { code: got.error.code, field: got.error.field, message: got.error.message };
}

describe('validateDetectSettings', () => {
  it('gives the defaults for an empty object: off, 2 per second, person and car, no zones', () => {
    expect(validateDetectSettings({})).toEqual({ ok: true, value: DETECT_DEFAULTS });
    expect(DETECT_DEFAULTS).toMatchObject({ enabled: false, rate: 2, labels: ['person', 'car'], zones: [] });
  });

  it('keeps the base for keys left out, so a change of rate keeps the zones', () => {
    const base = validateDetectSettings({ enabled: true, zones: [square('Driveway')] });
    expect(base.ok).toBe(true);
    const changed = validateDetectSettings({ rate: 4 }, base.ok ? base.value : DETECT_DEFAULTS);
    expect(changed.ok && changed.value).toMatchObject({ enabled: true, rate: 4, zones: [square('Driveway')] });
  });

  it('takes group names and labels, once each', () => {
    const got = validateDetectSettings({ labels: ['person', 'vehicle', 'animal', 'person', 'teddy bear'] });
    expect(got.ok && got.value.labels).toEqual(['person', 'vehicle', 'animal', 'teddy bear']);
  });

  it('takes a loitering time per zone and a stationary time, and gives settings saved before them 30 s and none', () => {
    const got = validateDetectSettings({ zones: [{ ...square('Driveway'), loiterSeconds: 30 }, square('Path')], stationarySeconds: 120 });
    expect(got.ok && got.value).toMatchObject({ zones: [{ name: 'Driveway', loiterSeconds: 30 }, { name: 'Path' }], stationarySeconds: 120 });
    expect(got.ok && 'loiterSeconds' in got.value.zones[1]!).toBe(false);
    const older = validateDetectSettings({ enabled: true, rate: 2, labels: ['person'], filters: {}, zones: [] });
    expect(older.ok && older.value.stationarySeconds).toBe(30);
  });

  it('trims zone names', () => {
    const got = validateDetectSettings({ zones: [{ ...square('  Front path '), name: '  Front path ' }] });
    expect(got.ok && got.value.zones[0]!.name).toBe('Front path');
  });

  const refused: [string, unknown, string, RegExp][] = [
    ['a value that is not an object', [1, 2], undefined as never, /the value must be an object/],
    ['an unknown key', { enable: true }, undefined as never, /unknown keys: enable/],
    ['enabled as a string', { enabled: 'yes' }, 'enabled', /enabled must be true or false/],
    ['a rate over 5', { rate: 6 }, 'rate', /rate must be from 0.2 to 5 per second/],
    ['a rate under 0.2', { rate: 0.1 }, 'rate', /rate must be from 0.2 to 5/],
    ['a rate that is not a number', { rate: '2' }, 'rate', /rate must be a number/],
    ['a label not in COCO', { labels: ['person', 'fox'] }, 'labels', /labels\[1\] must be a COCO label .* or a group: vehicle, animal/],
    ['an empty list of labels', { labels: [] }, 'labels', /labels must name at least one label/],
    ['labels that are not a list', { labels: 'person' }, 'labels', /labels must be a list/],
    ['more labels than there are', { labels: new Array(83).fill('person') }, 'labels', /labels must list at most 82/],
    ['a filter for an unknown label', { filters: { fox: { minScore: 0.5 } } }, 'filters', /filters names what is not a COCO label or a group: fox/],
    ['a minimum score over 1', { filters: { person: { minScore: 1.5 } } }, 'filters', /filters\.person\.minScore must be a score from 0.05 to 1/],
    ['a minimum area over 100 %', { filters: { vehicle: { minAreaPercent: 101 } } }, 'filters', /filters\.vehicle\.minAreaPercent must be a % from 0 to 100/],
    ['an unknown filter key', { filters: { person: { min: 1 } } }, 'filters', /filters\.person has unknown keys: min/],
    ['17 zones', { zones: Array.from({ length: 17 }, (_, i) => square(`z${i}`)) }, 'zones', /zones must be at most 16 zones/],
    [
      'a zone of 33 points',
      { zones: [{ name: 'Big', points: Array.from({ length: 33 }, (_, i) => ({ x: i / 33, y: (i % 2) / 2 })) }] },
      'zones',
      /zones\[0\]\.points must have at most 32 points/,
    ],
    [
      'a zone of 2 points',
      {
        zones: [
          {
            name: 'Line',
            points: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
        ],
      },
      'zones',
      /zones\[0\]\.points must have at least 3 points/,
    ],
    [
      'a point outside the picture',
      {
        zones: [
          square('A'),
          {
            name: 'B',
            points: [
              { x: 0, y: 0 },
              { x: 1.2, y: 0 },
              { x: 1, y: 1 },
            ],
          },
        ],
      },
      'zones',
      /zones\[1\]\.points\[1\]\.x must be a fraction from 0 to 1/,
    ],
    [
      'a point with NaN',
      {
        zones: [
          {
            name: 'A',
            points: [
              { x: 0, y: 0 },
              { x: NaN, y: 0 },
              { x: 1, y: 1 },
            ],
          },
        ],
      },
      'zones',
      /zones\[0\]\.points\[1\]\.x/,
    ],
    ['a zone name of 41 characters', { zones: [square('x'.repeat(41))] }, 'zones', /zones\[0\]\.name must be 1-40 characters/],
    ['a very long zone name, refused before it is read', { zones: [square('x'.repeat(1e6))] }, 'zones', /zones\[0\]\.name must be 1-40 characters/],
    ['an empty zone name', { zones: [square('   ')] }, 'zones', /zones\[0\]\.name must be 1-40 characters/],
    ['two zones of one name', { zones: [square('Driveway'), square('driveway')] }, 'zones', /zones\[1\]\.name "driveway" is the name of another zone/],
    [
      'a zone with no area',
      {
        zones: [
          {
            name: 'Flat',
            points: [
              { x: 0, y: 0 },
              { x: 0.5, y: 0.5 },
              { x: 1, y: 1 },
            ],
          },
        ],
      },
      'zones',
      /zones\[0\]\.points enclose no area/,
    ],
    ['a zone with an extra key', { zones: [{ ...square('A'), colour: 'red' }] }, 'zones', /zones\[0\] has unknown keys: colour/],
    ['a loitering time of 0', { zones: [{ ...square('A'), loiterSeconds: 0 }] }, 'zones', /zones\[0\]\.loiterSeconds must be from 1 to 86400 seconds/],
    ['a loitering time as text', { zones: [{ ...square('A'), loiterSeconds: '30' }] }, 'zones', /zones\[0\]\.loiterSeconds must be a number/],
    ['stationary after 2 s', { stationarySeconds: 2 }, 'stationarySeconds', /stationarySeconds must be from 5 to 3600 seconds/],
    ['stationary after a day', { stationarySeconds: 86_400 }, 'stationarySeconds', /stationarySeconds must be from 5 to 3600 seconds/],
  ];
  for (const [what, raw, field, message] of refused) {
    it(`refuses ${what} with BAD_DETECT_SETTINGS naming the field`, () => {
      const got = refusal(raw);
      expect(got.code).toBe('BAD_DETECT_SETTINGS');
      expect(got.field).toBe(field);
      expect(got.message).toMatch(message);
    });
  }

  it.each([['Front\ndoor'], ['Drive\u0085way'], ['Drive\u202eyaw']])('refuses the zone name %j with BAD_NAME, as the dashboard checks it first', (name) => {
    const got = refusal({ zones: [square('Porch'), square(name)] });
    expect(got.code).toBe('BAD_NAME');
    expect(got.field).toBe('zones');
    expect(got.message).toMatch(/^zones\[1\]\.name holds U\+/);
  });

  it('takes a zone name with accents, CJK and emoji', () => {
    expect(validateDetectSettings({ zones: [square('Entrée 北門 🚗')] }).ok).toBe(true);
  });

  it('refuses a huge labels array without walking it', () => {
    const labels = new Array(1_000_000).fill('person');
    expect(refusal({ labels }).message).toMatch(/at most 82 labels/);
  });
});

describe('trackedAs', () => {
  it('follows a label by itself before its group, and a group for each of its labels', () => {
    expect(trackedAs('car', ['vehicle', 'car'])).toBe('car');
    expect(trackedAs('truck', ['person', 'vehicle'])).toBe('vehicle');
    expect(trackedAs('bicycle', ['vehicle'])).toBe('vehicle');
    expect(trackedAs('dog', ['animal'])).toBe('animal');
    expect(trackedAs('bear', ['animal'])).toBe('animal');
    expect(trackedAs('dog', ['person', 'vehicle'])).toBeNull();
    expect(trackedAs('truck', ['car'])).toBeNull();
  });
});

describe('filterFor', () => {
  it('defaults to 0.45 for people and vehicles, 0.5 for any other label, no size floor', () => {
    expect(filterFor('person', DETECT_DEFAULTS)).toEqual({ minScore: 0.45, minAreaPercent: 0 });
    expect(filterFor('truck', DETECT_DEFAULTS)).toEqual({ minScore: 0.45, minAreaPercent: 0 });
    expect(filterFor('dog', DETECT_DEFAULTS)).toEqual({ minScore: 0.5, minAreaPercent: 0 });
    expect(filterFor('umbrella', DETECT_DEFAULTS)).toEqual({ minScore: 0.5, minAreaPercent: 0 });
  });

  it("takes a label's own filter before its group's, key by key", () => {
    const filters = { vehicle: { minScore: 0.6, minAreaPercent: 2 }, car: { minScore: 0.7 } };
    expect(filterFor('car', { filters })).toEqual({ minScore: 0.7, minAreaPercent: 2 });
    expect(filterFor('bus', { filters })).toEqual({ minScore: 0.6, minAreaPercent: 2 });
    expect(filterFor('person', { filters })).toEqual({ minScore: 0.45, minAreaPercent: 0 });
  });
});

describe('validateDetectSettings: alerts', () => {
  it('gives settings saved before alerts existed person and car anywhere', () => {
    const saved = { enabled: true, rate: 2, labels: ['person'], filters: {}, zones: [], stationarySeconds: 30 };
    expect(refusal(saved)).toMatchObject({ accepted: { alerts: { labels: ['person', 'car'], zones: [] } } });
  });

  it('takes labels and zones of the camera, spelt as its zones are, each once, and a part of alerts keeps the rest', () => {
    const got = refusal({ zones: [square('Porch'), square('Gate')], alerts: { labels: ['person', 'vehicle', 'person'], zones: ['porch', 'Porch'] } });
    expect(got.accepted?.alerts).toEqual({ labels: ['person', 'vehicle'], zones: ['Porch'] });
    expect(refusal({ alerts: { labels: ['dog'] } }, got.accepted).accepted?.alerts).toEqual({ labels: ['dog'], zones: ['Porch'] });
  });

  it('takes no labels at all: the camera then has detections only', () => {
    expect(refusal({ alerts: { labels: [], zones: [] } }).accepted?.alerts.labels).toEqual([]);
  });

  it('refuses a zone the camera does not have with UNKNOWN_ZONE, naming the ones it has', () => {
    const got = refusal({ zones: [square('Porch')], alerts: { zones: ['Driveway'] } });
    expect(got).toEqual({
      code: 'UNKNOWN_ZONE',
      field: 'alerts',
      message: 'alerts.zones[0] names "Driveway", which is not a zone of this camera (its zones are Porch): draw the zone first, or leave it out.',
    });
  });

  it('drops an alert zone whose zone a change deletes, rather than refusing the change', () => {
    const base = refusal({ zones: [square('Porch'), square('Gate')], alerts: { zones: ['Porch', 'Gate'] } }).accepted;
    expect(refusal({ zones: [square('Gate')] }, base).accepted?.alerts).toEqual({ labels: ['person', 'car'], zones: ['Gate'] });
  });

  it('refuses labels it does not know, too many labels or zones, and names too long, before reading them', () => {
    expect(refusal({ alerts: { labels: ['unicorn'] } })).toMatchObject({ code: 'BAD_DETECT_SETTINGS', field: 'alerts' });
    expect(refusal({ alerts: { labels: Array(500).fill('person') } })).toMatchObject({ code: 'BAD_DETECT_SETTINGS', field: 'alerts' });
    expect(refusal({ alerts: { zones: Array(17).fill('Porch') } }).message).toMatch(/alerts\.zones must name at most 16 zones/);
    expect(refusal({ alerts: { zones: ['x'.repeat(1000)] } }).message).toMatch(/alerts\.zones must be names of 1-40 characters/);
    expect(refusal({ alerts: { labels: ['person'], zones: [], sound: true } })).toMatchObject({ code: 'BAD_DETECT_SETTINGS', field: 'alerts' });
    expect(refusal({ alerts: 'people' })).toMatchObject({ code: 'BAD_DETECT_SETTINGS', field: 'alerts' });
  });
});
