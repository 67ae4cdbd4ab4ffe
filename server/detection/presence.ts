/**
 * What each camera's detector sees now: how many objects of each followed name (person, vehicle…),
 * told to listeners when a count changes. MQTT's per-label sensors publish it (docs/detection.md).
 */

/** Objects seen now per followed name; a name whose objects have all gone is 0 until the next change drops it. */
export type PresenceCounts = Record<string, number>;

export type PresenceListener = (camera: string, counts: PresenceCounts) => void;

export class Presence {
  private readonly counts = new Map<string, PresenceCounts>();
  private readonly listeners = new Set<PresenceListener>();

  /** The camera's tracked objects now (active and stationary); listeners hear of it when a count changed. */
  set(camera: string, objects: readonly { tracked: string }[]): void {
    const before = this.counts.get(camera) ?? {};
    const now: PresenceCounts = {};
    // A name seen before and gone now is told as 0 once, so a sensor goes OFF.
    for (const name of Object.keys(before)) if (before[name]! > 0) now[name] = 0;
    for (const o of objects) now[o.tracked] = (now[o.tracked] ?? 0) + 1;
    const names = new Set([...Object.keys(before), ...Object.keys(now)]);
    if ([...names].every((n) => (before[n] ?? 0) === (now[n] ?? 0))) return;
    this.counts.set(camera, now);
    for (const listener of this.listeners) listener(camera, { ...now });
  }

  /** The camera stopped detecting or left: every count it had goes to 0. */
  clear(camera: string): void {
    this.set(camera, []);
    this.counts.delete(camera);
  }

  of(camera: string): PresenceCounts {
    return { ...(this.counts.get(camera) ?? {}) };
  }

  onChange(listener: PresenceListener): void {
    this.listeners.add(listener);
  }
}
