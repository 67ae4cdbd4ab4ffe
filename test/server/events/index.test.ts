/** The events module as the place to hear loitering alerts: told to every listener, with or without recording. */
import { describe, expect, it } from 'vitest';
import { events, type EventsAttached } from '../../../server/events/index.js';
import type { LeftAlert, LoiterAlert } from '../../../server/events/event-record.js';

/** The module attached with recording switched off (CAMRELAY_MODULES_OFF): nothing writes events. */
const attachAlone = () => events.attach({ provided: { get: () => undefined } } as never) as EventsAttached;

const alert: LoiterAlert = {
  object: { id: 3, label: 'person', tracked: 'person', score: 0.8, box: [1, 2, 3, 4], zones: ['Driveway'], at: 1 },
  zone: 'Driveway',
  forMs: 30_000,
  text: 'Person in Driveway for 30 s',
  at: 1,
};

describe('events', () => {
  describe('#loitering', () => {
    it('tells every listener, though recording is off and nothing writes events', () => {
      const e = attachAlone();
      const heard: string[] = [];
      e.onLoitering((camera, a) => heard.push(`${camera}: ${a.text}`));
      e.onLoitering((camera) => heard.push(`second ${camera}`));
      e.loitering('door', alert);
      expect(e.written).toBe(false);
      expect(heard).toEqual(['door: Person in Driveway for 30 s', 'second door']);
    });

    it('tells no one once closed', async () => {
      const e = attachAlone();
      const heard: string[] = [];
      e.onLoitering((camera) => heard.push(camera));
      await e.close?.();
      e.loitering('door', alert);
      expect(heard).toEqual([]);
    });
  });

  describe('#onAlert', () => {
    it('hears loitering and leaving alike, each with its kind, though recording is off', () => {
      const e = attachAlone();
      const heard: string[] = [];
      e.onAlert((camera, a) => heard.push(`${camera} ${a.kind}: ${a.text} (${a.object.id})`));
      const left: LeftAlert = { ...alert, zone: null, forMs: 120_000, text: 'Person left door after 2 min' };
      e.loitering('door', alert);
      e.left('door', left);
      expect(heard).toEqual(['door loitering: Person in Driveway for 30 s (3)', 'door left: Person left door after 2 min (3)']);
    });
  });
});
