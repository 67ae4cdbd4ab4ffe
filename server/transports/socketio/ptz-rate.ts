/** Per camera, at most PTZ_COMMANDS_PER_SECOND commands in any second; a `stop` always passes. */
import { PTZ_COMMANDS_PER_SECOND, type PtzCommand } from '../../../shared/ptz.js';

export class PtzRate {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perSecond = PTZ_COMMANDS_PER_SECOND,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `command` may go to `cameraId` now (and counts it); false: too fast. */
  take(cameraId: string, command: PtzCommand): boolean {
    // A refused stop would leave the camera moving until PTZ_MOVE_MAX_MS: never refuse one.
    if (command.op === 'stop') return true;
    const now = this.now();
    const times = (this.recent.get(cameraId) ?? []).filter((t) => now - t < 1000);
    if (times.length >= this.perSecond) {
      this.recent.set(cameraId, times);
      return false;
    }
    times.push(now);
    this.recent.set(cameraId, times);
    return true;
  }

  /** Forgets a camera (its capture connection ended), so the map holds only connected cameras. */
  forget(cameraId: string): void {
    this.recent.delete(cameraId);
  }
}
