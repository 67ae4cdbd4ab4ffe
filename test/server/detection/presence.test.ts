import { describe, expect, it } from 'vitest';
import { Presence, type PresenceCounts } from '../../../server/detection/presence.js';

describe('Presence', () => {
  it('tells a count when it changes, a name gone as 0 once, and nothing when nothing changed', () => {
    const p = new Presence();
    const told: Array<[string, PresenceCounts]> = [];
    p.onChange((camera, counts) => told.push([camera, counts]));
    p.set('door', [{ tracked: 'person' }, { tracked: 'person' }]);
    p.set('door', [{ tracked: 'person' }, { tracked: 'person' }]);
    p.set('door', [{ tracked: 'vehicle' }]);
    p.set('door', [{ tracked: 'vehicle' }]);
    p.clear('door');
    expect(told).toEqual([
      ['door', { person: 2 }],
      ['door', { person: 0, vehicle: 1 }],
      ['door', { vehicle: 0 }],
    ]);
    expect(p.of('door')).toEqual({});
  });
});
