/** The zone editor's copies of zones: what the form sends keeps a zone's loitering time (the page itself is driven in test/e2e/detection-dashboard.test.ts). */
import { describe, expect, it } from 'vitest';
import { copyZone, freeZoneName } from '../../../dashboard/src/admin/zone-editor.js';

const points = [
  { x: 0.1, y: 0.1 },
  { x: 0.5, y: 0.1 },
  { x: 0.5, y: 0.5 },
];

describe('copyZone', () => {
  it('keeps a loitering time, so saving the form does not drop one set before', () => {
    expect(copyZone({ name: 'Driveway', points, loiterSeconds: 30 })).toEqual({ name: 'Driveway', points, loiterSeconds: 30 });
  });

  it('adds no loitering time to a zone without one', () => {
    expect('loiterSeconds' in copyZone({ name: 'Path', points })).toBe(false);
  });

  it('copies the points rather than sharing them', () => {
    const zone = { name: 'Path', points };
    expect(copyZone(zone).points[0]).not.toBe(points[0]);
  });
});

describe('freeZoneName', () => {
  it('gives the first Zone N not taken', () => {
    expect(freeZoneName([{ name: 'zone 2', points }])).toBe('Zone 3');
  });
});
