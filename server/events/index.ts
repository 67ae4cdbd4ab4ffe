/**
 * `events`: motion and objects as events, and one place to hear them. Recording's event log writes
 * each event beside the recordings (its start, the objects detection confirms, its end); whoever
 * tells of events (notifications, MQTT, push, off-site copies) and detection hear them here, and
 * detection adds its objects here. With recording switched off nothing writes events: listeners
 * hear none, and objects are nobody's event (docs/detection.md). Loitering and leaving alerts (#57)
 * are heard here too (`onAlert`); they are not events of their own, so they are heard with recording
 * off as well. A leaving also marks the object's entry in the event under way (its `left`). An alert's
 * outlets find the event the object belongs to, under way or ended, by `eventOf` (object-events.ts).
 * Each object's views as they come (its confirmation, each better one) are told to `onView`
 * listeners with their frame: what reads plates (#58) reads; what it read comes back by `plate`.
 */
import type { ObjectIdentity } from '../../shared/events.js';
import type { Attached, Module } from '../modules/module.js';
import { ObjectEvents } from './object-events.js';
import type { BetterSighting, EventRecord, EventType, LeftAlert, LoiterAlert, ObjectAlert, ObjectSighting, ObjectView } from './event-record.js';

/** Hears an event once its files are written. */
export type EventListener = (type: EventType, record: EventRecord) => void;
/** Hears an object's loitering or leaving on `camera`. */
export type AlertListener = (camera: string, alert: ObjectAlert) => void;

export interface EventsAttached extends Attached {
  onEvent(listener: EventListener): void;
  /** The event under way for `camera`, if any. */
  current(camera: string): EventRecord | null;
  /** Objects a detector confirmed on `camera`: added to the event under way; false when none is (or nothing writes events). */
  objects(camera: string, sighting: ObjectSighting): boolean;
  /** An object of the event under way seen better than before: its best picture becomes the event's snapshot. */
  better(camera: string, sighting: BetterSighting): void;
  /** An object stayed in a zone of `camera` past its loitering time: told to every `onLoitering` listener. */
  loitering(camera: string, alert: LoiterAlert): void;
  onLoitering(listener: (camera: string, alert: LoiterAlert) => void): void;
  /** An object the tracker followed on `camera` is gone: its entry in the event under way gets `left`, and every `onAlert` listener is told. */
  left(camera: string, alert: LeftAlert): void;
  /**
   * The event object `id` of `camera` belongs to, for its alerts' pictures: the one under way when the object is one of
   * its objects, else the last written one it was, while the tracker follows it; null when none (or nothing writes events).
   */
  eventOf(camera: string, id: number): EventRecord | null;
  /** Hears every loitering and leaving alert: what notifications and MQTT tell. */
  onAlert(listener: AlertListener): void;
  /** Hears each view of a followed object worth a closer look: when it is confirmed, and each time it is seen better (#58). */
  onView(listener: (camera: string, view: ObjectView) => void): void;
  /** An object was read (a vehicle's plate, a person's face): its entries in `camera`'s event take it (or the event it joins next). */
  identify(camera: string, id: number, found: ObjectIdentity): void;
  /** True when a module writes events (recording is in the table). */
  readonly written: boolean;
}

declare module '../modules/module.js' {
  interface Provided {
    events: EventsAttached;
  }
}

export const events: Module<'events'> = {
  name: 'events',
  // After recording when it is on: its event log is the writer. Recording is optional (CAMRELAY_MODULES_OFF).
  attach(ctx): EventsAttached {
    const manager = ctx.provided.get('recording')?.manager ?? null;
    const listeners = new Set<EventListener>();
    const loiterers = new Set<(camera: string, alert: LoiterAlert) => void>();
    const alerted = new Set<AlertListener>();
    const viewers = new Set<(camera: string, view: ObjectView) => void>();
    const view = (camera: string, v: ObjectView) => {
      for (const l of viewers) l(camera, v);
    };
    const followed = new ObjectEvents();
    const tell = (camera: string, alert: ObjectAlert) => {
      for (const l of alerted) l(camera, alert);
    };
    manager?.onEvent((type, record) => {
      followed.heard(type, record);
      for (const l of listeners) l(type, record);
    });
    return {
      written: manager !== null,
      onEvent: (listener) => void listeners.add(listener),
      current: (camera) => manager?.events.current(camera) ?? null,
      objects: (camera, sighting) => {
        for (const object of sighting.started)
          if (object.id !== undefined) view(camera, { object: { ...object, id: object.id }, at: sighting.at, jpeg: sighting.jpeg });
        return manager?.events.objects(camera, sighting) ?? false;
      },
      better: (camera, sighting) => {
        view(camera, sighting);
        manager?.events.better(camera, sighting);
      },
      onView: (listener) => void viewers.add(listener),
      identify: (camera, id, found) => void manager?.events.identify(camera, id, found),
      loitering: (camera, alert) => {
        for (const l of loiterers) l(camera, alert);
        tell(camera, { ...alert, kind: 'loitering' });
      },
      onLoitering: (listener) => void loiterers.add(listener),
      left: (camera, alert) => {
        manager?.events.left(camera, alert.object.id, alert.at);
        tell(camera, { ...alert, kind: 'left' });
        followed.forget(camera, alert.object.id);
      },
      eventOf: (camera, id) => {
        const now = manager?.events.current(camera) ?? null;
        return now?.objects?.some((o) => o.id === id) ? now : followed.of(camera, id);
      },
      onAlert: (listener) => void alerted.add(listener),
      close: () => {
        listeners.clear();
        loiterers.clear();
        alerted.clear();
        viewers.clear();
      },
    };
  },
};
