import { describe, expect, it } from 'vitest';
import {
  changeOf,
  checkChange,
  costPercent,
  costText,
  defaultMinScore,
  describeStatus,
  namesToAdd,
  parseAnswer,
  refusalOf,
  summaryOf,
  type DetectionFacts,
} from '../../../dashboard/src/admin/detection-data.js';
import { DETECT_DEFAULTS } from '../../../common/detect/detect-settings.js';
import type { DetectionStatus } from '../../../shared/detection.js';

const status: DetectionStatus = {
  detector: 'ready',
  error: null,
  where: 'relay',
  motion: true,
  counts: { detected: 1234, skipped: 0, failed: 0 },
  costPercent: 42,
  objects: {},
};
const facts = (s: Partial<DetectionStatus> = {}, settings = { ...DETECT_DEFAULTS, enabled: true }): DetectionFacts => ({
  settings,
  status: { ...status, ...s },
});
const words = (f: DetectionFacts) => describeStatus(f).map((l) => l.text);

describe('parseAnswer', () => {
  it('reads the relay’s answer, and refuses one whose settings the relay’s own check refuses', () => {
    const f = parseAnswer({ settings: DETECT_DEFAULTS, status });
    expect(f).toEqual({ settings: DETECT_DEFAULTS, status });
    expect(parseAnswer({ settings: { ...DETECT_DEFAULTS, rate: 99 }, status })).toBeNull();
    expect(parseAnswer({ settings: DETECT_DEFAULTS })).toBeNull();
    expect(parseAnswer('<html>')).toBeNull();
  });

  it('takes unknown states as off and bounds what it keeps', () => {
    const f = parseAnswer({ settings: DETECT_DEFAULTS, status: { detector: 'exploded', where: 'mars', objects: { person: 2, car: -1 } } })!;
    expect(f.status).toMatchObject({ detector: 'off', where: 'relay', motion: true, objects: { person: 2 }, counts: { detected: 0, skipped: 0, failed: 0 } });
  });
});

describe('describeStatus', () => {
  it('says where it runs, the detector’s state and the frames detected', () => {
    expect(words(facts())).toEqual(["Detects on the relay's CPU.", 'Detector ready.', '1,234 frames detected since the relay started.']);
  });

  it('says why a failed detector fails, and that motion events go on', () => {
    const message = 'The detection model is missing: run npm run detect:model on the relay.';
    const f = facts({ detector: 'failed', error: { code: 'DETECT_MODEL_MISSING', message } });
    expect(words(f)).toEqual([
      "Detects on the relay's CPU.",
      `Detector failed: ${message}`,
      'Motion events go on meanwhile, without objects.',
      '1,234 frames detected since the relay started.',
    ]);
    expect(summaryOf(f)).toEqual({ text: 'Following Person, Car · detector failed: motion events go on, without objects', tone: 'bad' });
  });

  it('counts skipped and failed frames, and the objects seen now', () => {
    const f = facts({ counts: { detected: 10, skipped: 3, failed: 1 }, objects: { person: 1, vehicle: 2 } });
    expect(words(f)).toContain('10 frames detected · 3 skipped (the detector was busy: a newer frame took the turn) · 1 failed since the relay started.');
    expect(words(f)).toContain('Seen now: 1 person, 2 vehicle.');
  });

  it('warns first when the camera does not detect motion, which detection waits for', () => {
    expect(words(facts({ motion: false }))[0]).toBe('Detection runs while motion lasts: turn on motion detection in Recording.');
    expect(words(facts({ motion: false }, DETECT_DEFAULTS))).not.toContain('Detection runs while motion lasts: turn on motion detection in Recording.');
  });

  it('says the camera’s PC detects, without the relay’s detector state', () => {
    expect(words(facts({ where: 'camera', detector: 'off' }))).toEqual([
      "Detects on the camera's PC: its capture program sends what it finds.",
      '1,234 frames detected since the relay started.',
    ]);
  });

  it('sums up a camera in one line', () => {
    expect(summaryOf(facts({}, DETECT_DEFAULTS))).toEqual({ text: 'Off', tone: 'off' });
    expect(summaryOf(facts({}, { ...DETECT_DEFAULTS, enabled: true, labels: ['person', 'vehicle'], rate: 2 }))).toEqual({
      text: 'Following Person, Vehicle · 2/s while motion lasts',
      tone: 'ok',
    });
  });
});

describe('the cost', () => {
  it('is the relay’s figure, scaled to the rate typed', () => {
    expect(costPercent(status, 2, 2)).toBe(42);
    expect(costPercent(status, 2, 4)).toBe(84);
    expect(costPercent(status, 2, Number('abc'))).toBeNull();
    expect(costText(42, 'relay')).toBe('Costs about 42% of a CPU core on the relay while motion lasts.');
    expect(costText(21, 'camera')).toBe("Costs about 21% of a CPU core on the camera's PC while motion lasts.");
  });
});

describe('the labels', () => {
  it('offers the groups, then the COCO labels not followed yet', () => {
    const { groups, labels } = namesToAdd(['person', 'car']);
    expect(groups).toEqual(['vehicle', 'animal']);
    expect(labels).toHaveLength(78);
    expect(labels).not.toContain('car');
  });

  it('shows the relay’s default min scores', () => {
    expect([defaultMinScore('person'), defaultMinScore('vehicle'), defaultMinScore('car'), defaultMinScore('animal'), defaultMinScore('umbrella')]).toEqual([
      0.45, 0.45, 0.45, 0.5, 0.5,
    ]);
  });
});

describe('changeOf', () => {
  const current = { ...DETECT_DEFAULTS, filters: { person: { minScore: 0.6, minAreaPercent: 2 } } };
  const values = { enabled: false, rate: '2', labels: current.labels, minScores: { person: '0.6' }, zones: [], alerts: current.alerts };

  it('sends only what changed', () => {
    expect(changeOf(current, values)).toEqual({});
    expect(changeOf(current, { ...values, enabled: true, rate: '3' })).toEqual({ enabled: true, rate: 3 });
    expect(changeOf(current, { ...values, labels: ['person', 'vehicle'] })).toEqual({ labels: ['person', 'vehicle'] });
  });

  it('sends the alert rule whole when a label or zone of it changed', () => {
    expect(changeOf(current, { ...values, alerts: { labels: ['person'], zones: [] } })).toEqual({ alerts: { labels: ['person'], zones: [] } });
  });

  it('sets a min score, keeps the size of the filter, and blank goes back to the default', () => {
    expect(changeOf(current, { ...values, minScores: { person: '0.7' } })).toEqual({ filters: { person: { minScore: 0.7, minAreaPercent: 2 } } });
    expect(changeOf(current, { ...values, minScores: { person: '' } })).toEqual({ filters: { person: { minAreaPercent: 2 } } });
    expect(changeOf(DETECT_DEFAULTS, { ...values, minScores: { car: '0.3' } })).toEqual({ filters: { car: { minScore: 0.3 } } });
  });
});

describe('checkChange', () => {
  it('refuses what the relay would refuse, naming the field and the zone or label', () => {
    expect(checkChange(DETECT_DEFAULTS, { rate: 9 })).toEqual({
      field: 'rate',
      item: null,
      message: 'The detection settings are not valid: rate must be from 0.2 to 5 per second.',
    });
    const zone = (name: string) => ({
      name,
      points: [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1, y: 1 },
      ],
    });
    expect(checkChange(DETECT_DEFAULTS, { zones: [zone('Drive'), zone('drive')] })).toMatchObject({ field: 'zones', item: 1 });
    expect(checkChange(DETECT_DEFAULTS, { filters: { person: { minScore: 2 } } })).toMatchObject({ field: 'filters', item: 'person' });
    expect(checkChange(DETECT_DEFAULTS, { labels: [] })).toMatchObject({ field: 'labels' });
    expect(checkChange(DETECT_DEFAULTS, { rate: null })?.field).toBe('rate');
    expect(checkChange(DETECT_DEFAULTS, { rate: 1 })).toBeNull();
    // The relay's one name check, before anything is sent: a C1 or bidi control in a zone's name.
    expect(checkChange(DETECT_DEFAULTS, { zones: [zone('Drive'), zone('Gate\u0085')] })).toMatchObject({
      field: 'zones',
      item: 1,
      message: expect.stringContaining('U+0085'),
    });
  });
});

describe('refusalOf', () => {
  it('keeps the relay’s field and words, and says what to do about other failures', () => {
    const error = { error: 'BAD_DETECT_SETTINGS', message: 'The detection settings are not valid: zones[0].name must be 1-40 characters.', field: 'zones' };
    expect(refusalOf(error, 400)).toEqual({ field: 'zones', item: 0, message: error.message });
    const name = { error: 'BAD_NAME', message: 'zones[2].name holds U+202E: a name may not hold …', field: 'zones' };
    expect(refusalOf(name, 400)).toEqual({ field: 'zones', item: 2, message: name.message });
    expect(refusalOf({ error: 'FORBIDDEN', message: 'This account may not do that.' }, 403).message).toBe(
      'This account may not do that. Only an admin may change detection: sign in as one.',
    );
  });
});
