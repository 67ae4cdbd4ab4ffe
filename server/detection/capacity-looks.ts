/**
 * Every detecting camera's last minute of looks (a CapacityWindow each), fed by the detection service at the three
 * places a look's fate is known: a turn skipped at once, a relay look settled, a capture side's verdict (#57 item 6).
 */
import type { QueueOutcome } from '../../common/detect/detect-queue.js';
import type { LookRates } from '../../shared/detect-capacity.js';
import { lookText } from './capacity.js';
import { CapacityWindow } from './capacity-window.js';

export class CapacityLooks {
  private readonly windows = new Map<string, CapacityWindow>();
  /** Cameras with a look offered to the relay's detector and not yet settled (at most one each). */
  private readonly outstanding = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The camera began detecting: its minute starts now. */
  start(camera: string): void {
    this.windows.set(camera, new CapacityWindow(this.now));
  }

  stop(camera: string): void {
    this.windows.delete(camera);
    this.outstanding.delete(camera);
  }

  /** A look of the camera went to the relay's detector. */
  offered(camera: string): void {
    this.outstanding.add(camera);
  }

  /** A relay look came back: its worker time and regions, or a skip because a newer frame took its place in the queue. */
  settled(camera: string, outcome: QueueOutcome): QueueOutcome {
    this.outstanding.delete(camera);
    const window = this.windows.get(camera);
    if (outcome.kind === 'skipped') window?.skipped('workers_busy');
    const t = outcome.kind === 'detected' ? outcome.timings : null;
    if (t) window?.looked(t.prepareMs + t.inferMs + t.decodeMs, t.regions ?? 1);
    return outcome;
  }

  /**
   * The camera's turn came while its previous look was still out: more looks out than `workers` means they wait for
   * one another, else the camera's own look is slower than its rate.
   */
  turnSkipped(camera: string, workers: number): void {
    this.windows.get(camera)?.skipped(this.outstanding.size > workers ? 'workers_busy' : 'slow_look');
  }

  /** The camera's capture side sent a verdict: a look with no worker time here. */
  verdict(camera: string): void {
    this.windows.get(camera)?.looked(null);
  }

  /** The camera's last minute, or null when it does not detect. */
  of(camera: string): LookRates | null {
    const rates = this.windows.get(camera)?.read();
    return rates ? { ...rates, text: lookText(rates) } : null;
  }

  /** All cameras' last minute: turns skipped a second, and the mean time of a relay look (weighted by each camera's looks). */
  recent(): { skippedPerS: number; msPerLook: number | null } {
    let skippedPerS = 0;
    let looks = 0;
    let ms = 0;
    for (const w of this.windows.values()) {
      const r = w.read();
      skippedPerS += r.skippedPerS.slow_look + r.skippedPerS.workers_busy;
      if (r.msPerLook === null) continue;
      looks += r.looksPerS;
      ms += r.looksPerS * r.msPerLook;
    }
    return { skippedPerS: Math.round(skippedPerS * 100) / 100, msPerLook: looks > 0 ? ms / looks : null };
  }
}
