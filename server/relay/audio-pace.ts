/**
 * The rate bound of a browser camera's Opus stream (#40): the sound taken may run ahead of the wall clock by at most
 * AUDIO_AHEAD_MS. Opus packets are 2.5 to 120 ms each, so a count of packets per second bounds nothing; the sound
 * they hold does. What was held back on a bad link and sent in a burst fits the lead; a flood does not.
 */

/** Sound a stream may send ahead of real time: a reconnect's backlog of ~2 s, and a little more. */
export const AUDIO_AHEAD_MS = 3000;

export class AudioPace {
  private start: number | null = null;
  private takenMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** True when `samples` at `rate` more keep the stream within its lead; counted only then. */
  take(samples: number, rate: number): boolean {
    const now = this.now();
    this.start ??= now;
    const ms = (samples * 1000) / rate;
    if (this.takenMs + ms > now - this.start + AUDIO_AHEAD_MS) return false;
    this.takenMs += ms;
    return true;
  }
}
