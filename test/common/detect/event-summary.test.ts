/** The words of an object event: labels once each, the camera's name, the zones, cleaned and bounded. */
import { describe, expect, it } from 'vitest';
import { durationWords, eventSummary, leftSummary, loiterSummary, SUMMARY_MAX } from '../../../common/detect/event-summary.js';

describe('eventSummary', () => {
  it('says what and where', () => {
    expect(eventSummary('Front door', [{ label: 'person' }])).toBe('Person at Front door');
  });

  it("names a vehicle by its known plate's name, else by its plate's text after its label (#58)", () => {
    expect(eventSummary('Front door', [{ label: 'car', zones: ['Driveway'], plate: { text: 'AB123C', name: "Mum's car" } }])).toBe(
      "Mum's car at Front door · Driveway",
    );
    expect(eventSummary('Front door', [{ label: 'car', plate: { text: 'KX58PT' } }, { label: 'person' }])).toBe('Car KX58PT and person at Front door');
    // A name holding what no name may hold is cleaned, as a camera's is.
    expect(eventSummary('Gate', [{ label: 'car', plate: { text: 'AB1', name: 'Van\nX' } }])).toBe('Van X at Gate');
  });

  it('names a person by their known face, says "unknown person" for a face no one enrolled, and "person" when no face was seen (#58)', () => {
    expect(eventSummary('Front door', [{ label: 'person', zones: ['Porch'], face: { name: 'Alice' } }])).toBe('Alice at Front door · Porch');
    expect(eventSummary('Back door', [{ label: 'person', face: {} }])).toBe('Unknown person at Back door');
    expect(
      eventSummary('Drive', [
        { label: 'person', face: { name: 'Alice' } },
        { label: 'car', plate: { text: 'AB123C', name: "Mum's car" } },
        { label: 'person' },
      ]),
    ).toBe("Alice, Mum's car and person at Drive");
  });

  it('adds the zones after a dot', () => {
    expect(eventSummary('Front door', [{ label: 'person', zones: ['Driveway'] }])).toBe('Person at Front door · Driveway');
    expect(eventSummary('Front door', [{ label: 'person', zones: ['Driveway', 'Porch'] }])).toBe('Person at Front door · Driveway, Porch');
  });

  it('names each label once, in the order given', () => {
    const objects = [{ label: 'car' }, { label: 'person' }, { label: 'person' }];
    expect(eventSummary('Front door', objects)).toBe('Car and person at Front door');
    expect(eventSummary('Front door', [...objects, { label: 'dog' }])).toBe('Car, person and dog at Front door');
    expect(eventSummary('Yard', [{ label: 'car' }, { label: 'person' }, { label: 'dog' }, { label: 'cat' }, { label: 'bird' }])).toBe(
      'Car, person, dog and 2 more at Yard',
    );
  });

  it("gathers every object's zones once each, at most three named", () => {
    const objects = [
      { label: 'person', zones: ['Path', 'Porch'] },
      { label: 'car', zones: ['Driveway', 'Path'] },
    ];
    expect(eventSummary('Front door', objects)).toBe('Person and car at Front door · Path, Porch, Driveway');
    expect(eventSummary('Front door', [...objects, { label: 'dog', zones: ['Lawn', 'Gate'] }])).toBe(
      'Person, car and dog at Front door · Path, Porch, Driveway +2',
    );
  });

  it('says Motion when no object was seen', () => {
    expect(eventSummary('Garden', [])).toBe('Motion at Garden');
  });

  it('takes out control characters from names, so a header or MQTT payload cannot be split', () => {
    expect(eventSummary('Front\r\ndoor', [{ label: 'person', zones: ['Drive\nway\u0007'] }])).toBe('Person at Front door · Drive way');
    expect(eventSummary('  \n ', [{ label: 'person' }])).toBe('Person at camera');
    // C1 and bidi controls too: a name saved before names refused them (shared/names.ts) shows without them.
    expect(eventSummary('Front\u0085door\u202e', [{ label: 'person', zones: ['Drive\u009b31m'] }])).toBe('Person at Front door · Drive 31m');
  });

  it(`is at most ${SUMMARY_MAX} characters, whatever the names`, () => {
    const zones = Array.from({ length: 1000 }, (_, i) => `${'z'.repeat(50)}${i}`);
    const text = eventSummary('c'.repeat(10_000), [{ label: 'person', zones }]);
    expect(text.length).toBe(SUMMARY_MAX);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('loiterSummary', () => {
  it('says who stayed where and for how long', () => {
    expect(loiterSummary('person', 'Driveway', 30_400)).toBe('Person in Driveway for 30 s');
    expect(loiterSummary('car', 'Gate', 120_000)).toBe('Car in Gate for 2 min');
  });

  it('cleans and bounds the names it is given', () => {
    expect(loiterSummary('person', 'Drive\nway', 30_000)).toBe('Person in Drive way for 30 s'); // a newline never breaks a header or an MQTT payload
    expect(loiterSummary('person', 'z'.repeat(10_000), 30_000).length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
});

describe('leftSummary', () => {
  it('says who left where after how long', () => {
    expect(leftSummary('person', 'Driveway', 125_000)).toBe('Person left Driveway after 2 min');
    expect(leftSummary('dog', 'Yard', 12_000)).toBe('Dog left Yard after 12 s');
  });

  it('cleans and bounds the names it is given', () => {
    expect(leftSummary('person', 'Drive\nway', 30_000)).toBe('Person left Drive way after 30 s');
    expect(leftSummary('person', 'z'.repeat(10_000), 30_000).length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
});

describe('durationWords', () => {
  it.each([
    [0, '0 s'],
    [89_999, '89 s'],
    [90_000, '2 min'],
    [89 * 60_000, '89 min'],
    [90 * 60_000, '1 h 30 min'],
    [3 * 3_600_000, '3 h'],
  ])('says %i ms as %s', (ms, words) => expect(durationWords(ms)).toBe(words));
});
