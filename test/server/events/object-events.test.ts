/** ObjectEvents alone: which written event each followed object belongs to, until it leaves, within the tracker's bound. */
import { describe, expect, it } from 'vitest';
import type { EventObject } from '../../../shared/events.js';
import type { EventRecord } from '../../../server/events/event-record.js';
import { MAX_FOLLOWED, ObjectEvents } from '../../../server/events/object-events.js';

const object = (id: number, more: Partial<EventObject> = {}): EventObject => ({
  id,
  label: 'person',
  tracked: 'person',
  score: 0.8,
  box: [1, 2, 3, 4],
  zones: [],
  at: 1,
  ...more,
});
const record = (id: string, objects: EventObject[], camera = 'door'): EventRecord => ({
  id,
  camera,
  start: 1,
  end: null,
  peakScore: 5,
  pictures: true,
  objects,
});

describe('ObjectEvents', () => {
  describe('#heard', () => {
    it('points each object of a written event to it, the newest write winning, a start pointing nowhere', () => {
      const o = new ObjectEvents();
      o.heard('start', record('a', [object(1)]));
      expect(o.of('door', 1)).toBeNull();
      const first = record('a', [object(1)]);
      o.heard('object', first);
      expect(o.of('door', 1)).toBe(first);
      const ended = { ...record('a', [object(1), object(2)]), end: 9 };
      o.heard('end', ended);
      expect([o.of('door', 1), o.of('door', 2)]).toEqual([ended, ended]);
      expect(o.of('yard', 1)).toBeNull();
    });

    it('skips an object that has left, and one with no tracker id', () => {
      const o = new ObjectEvents();
      o.heard('end', record('a', [object(1, { left: 5 }), object(0, { id: undefined })]));
      expect(o.of('door', 1)).toBeNull();
      expect(o.of('door', 0)).toBeNull();
    });

    it('keeps per camera at most as many objects as the tracker follows, forgetting the oldest first', () => {
      const o = new ObjectEvents();
      for (let id = 1; id <= MAX_FOLLOWED + 1; id++) o.heard('object', record('a', [object(id)]));
      expect(o.of('door', 1)).toBeNull();
      expect(o.of('door', 2)).not.toBeNull();
      expect(o.of('door', MAX_FOLLOWED + 1)).not.toBeNull();
    });
  });

  describe('#forget', () => {
    it('forgets an object that left, and only that one', () => {
      const o = new ObjectEvents();
      o.heard('end', record('a', [object(1), object(2)]));
      o.forget('door', 1);
      expect(o.of('door', 1)).toBeNull();
      expect(o.of('door', 2)?.id).toBe('a');
    });
  });
});
