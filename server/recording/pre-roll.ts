/**
 * A motion-mode camera's pre-roll: the last seconds of frames kept in memory until motion starts,
 * bounded by age and by bytes (per camera and over all cameras), the oldest frames going first. A
 * pre-roll cut short by bytes says so, for the Admin area and /metrics.
 */
import type { PreRollShort } from '../../shared/recording.js';
import type { ByteBudget } from './byte-budget.js';
import type { Queued } from './recorder-types.js';

export type { PreRollShort };

export class PreRoll {
  /** Frames let go before their time because of a byte cap. */
  trimmed = 0;
  short: PreRollShort | null = null;
  private items: Queued[] = [];

  constructor(
    private readonly budget: ByteBudget,
    /** The caps in MB, as the settings give them (preRollMb, preRollTotalMb): said when a pre-roll is cut short. */
    private readonly caps: Record<'camera' | 'all', number>,
  ) {}

  get bytes(): number {
    return this.budget.used;
  }

  get frames(): number {
    return this.items.length;
  }

  /** Keeps `item` and whatever of the frames before lies within `keepMs` of it and fits the caps. */
  push(item: Queued, keepMs: number): void {
    while (this.items.length > 0 && this.items[0]!.at < item.at - keepMs) this.release(this.items.shift()!);
    let refused = this.budget.take(item.jpeg.length);
    const cap = refused;
    while (refused !== null && this.items.length > 0) {
      this.release(this.items.shift()!);
      this.trimmed++;
      refused = this.budget.take(item.jpeg.length);
    }
    if (refused !== null) {
      // Not even this one frame fits (the cap over all cameras is taken by others): keep nothing.
      this.trimmed++;
      this.short = { seconds: 0, cap: refused, capMb: this.capMb(refused) };
      return;
    }
    this.items.push(item);
    this.short = cap === null ? null : { seconds: (item.at - this.items[0]!.at) / 1000, cap, capMb: this.capMb(cap) };
  }

  /**
   * Hands over the frames from `from` on (motion started) and keeps nothing. H.264 goes back to the
   * keyframe before `from`: the frames after it cannot be decoded without it.
   */
  take(from: number): Queued[] {
    let first = this.items.findIndex((i) => i.at >= from);
    if (first === -1) first = this.items.length;
    while (first > 0 && first < this.items.length && (this.items[first]!.h264?.keyframe === false || !!this.items[first]!.aac)) first--;
    const items = this.items.slice(first);
    this.clear();
    return items;
  }

  /** Lets go of every frame (the camera went offline, its mode changed). */
  clear(): void {
    for (const item of this.items) this.budget.give(item.jpeg.length);
    this.items = [];
    this.short = null;
  }

  private release(item: Queued): void {
    this.budget.give(item.jpeg.length);
  }

  private capMb(cap: 'camera' | 'all'): number {
    return this.caps[cap];
  }
}
