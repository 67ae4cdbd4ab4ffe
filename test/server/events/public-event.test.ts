/** Who sees whom (#58, public-event.ts shownTo): plates and faces, with their names, for admins and users with `identities` only. */
import { describe, expect, it } from 'vitest';
import { publicEvent, shownTo } from '../../../server/events/public-event.js';
import type { EventRecord } from '../../../server/events/event-record.js';

const record: EventRecord = {
  id: 'e1',
  camera: 'door',
  start: 1,
  end: null,
  peakScore: 1,
  objects: [
    { id: 4, label: 'car', tracked: 'car', score: 0.7, box: [0, 0, 1, 1], zones: [], at: 1, plate: { text: 'AB123C', confidence: 0.9, name: "Mum's car" } },
    { id: 5, label: 'person', tracked: 'person', score: 0.8, box: [0, 0, 1, 1], zones: ['Porch'], at: 1, face: { name: 'Alice', person: 'p1', distance: 0.4 } },
  ],
};

describe('shownTo', () => {
  it('shows an admin and a user with identities the plate and the face, and a viewer without it neither, the objects otherwise whole', () => {
    const event = publicEvent(record);
    for (const p of [{ role: 'admin' as const }, { role: 'viewer' as const, identities: true }]) {
      const shown = shownTo(p, event);
      expect(shown.objects!.map((o) => o.plate?.name ?? o.face?.name)).toEqual(["Mum's car", 'Alice']);
    }
    const viewer = shownTo({ role: 'viewer' }, event);
    expect(viewer.objects!.map((o) => [o.label, o.zones, 'plate' in o, 'face' in o])).toEqual([
      ['car', [], false, false],
      ['person', ['Porch'], false, false],
    ]);
    expect(JSON.stringify(viewer)).not.toMatch(/Alice|AB123C|Mum/);
  });
});
