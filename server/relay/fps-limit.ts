/**
 * The relay's --max-fps per camera: the capture engine's fps gate (the same job, admitting `maxFps`
 * frames a second), with half a second of burst since network jitter bunches frames up; the
 * excess is refused. Undefined `maxFps` lets everything through.
 */
import { FpsGate } from '../../common/capture/fps-gate.js';

export class FpsLimit {
  private readonly gates = new Map<string, FpsGate>();

  constructor(
    private readonly maxFps: number | undefined,
    private readonly now: () => number,
  ) {}

  /** True when this camera may send a frame now (and counts it). */
  take(cameraId: string): boolean {
    const maxFps = this.maxFps;
    if (!maxFps) return true;
    let gate = this.gates.get(cameraId);
    if (!gate) this.gates.set(cameraId, (gate = new FpsGate(maxFps, Math.max(2, maxFps / 2))));
    return gate.take(this.now());
  }

  forget(cameraId: string): void {
    this.gates.delete(cameraId);
  }
}
