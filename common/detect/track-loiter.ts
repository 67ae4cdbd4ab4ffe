/**
 * How long a tracked object has stayed in each zone, and when a stay passes its zone's loitering
 * time: once per stay ("Person in Driveway for 30 s"), again only after it left and came back. Pure.
 */

/** A stay that passed its zone's loitering time. */
export interface LoiterStay {
  zone: string;
  /** How long it had stayed, in ms: at least the zone's loitering time. */
  forMs: number;
}

export class TrackLoiter {
  /** Per zone it is in: when its stay began (the tracker's elapsed ms), and whether it was told. */
  private readonly stays = new Map<string, { since: number; told: boolean }>();

  /**
   * The zones it is in now, at `now`; returns the stays that pass their time now. `limits` maps a
   * zone to its loitering time in ms (zones without one are only timed). A zone left ends its stay.
   */
  update(zonesNow: readonly string[], now: number, limits: ReadonlyMap<string, number>): LoiterStay[] {
    for (const zone of [...this.stays.keys()]) if (!zonesNow.includes(zone)) this.stays.delete(zone);
    const passed: LoiterStay[] = [];
    for (const zone of zonesNow) {
      const stay = this.stays.get(zone) ?? { since: now, told: false };
      this.stays.set(zone, stay);
      const limit = limits.get(zone);
      if (limit === undefined || stay.told || now - stay.since < limit) continue;
      stay.told = true;
      passed.push({ zone, forMs: now - stay.since });
    }
    return passed;
  }

  /** True while it stays in a zone of `limits` and has not been told for it yet. */
  pending(limits: ReadonlyMap<string, number>): boolean {
    for (const [zone, stay] of this.stays) if (!stay.told && limits.has(zone)) return true;
    return false;
  }

  /** How long it has been in `zone` (0 when it is not). */
  stayed(zone: string, now: number): number {
    const stay = this.stays.get(zone);
    return stay ? now - stay.since : 0;
  }
}
