/**
 * The relay's --max-fps per camera: the capture engine's fps gate (the same job, admitting `maxFps`
 * frames a second), with `burstSeconds` of burst (half a second by default: network jitter bunches
 * frames up); the excess is refused. Each camera may have several streams (JPEG; H.264 and its
 * rungs), each gated apart. Undefined `maxFps` lets everything through.
 */
import { FpsGate } from '../../common/capture/fps-gate.js';

export class FpsLimit {
  private readonly gates = new Map<string, Map<string, FpsGate>>();

  constructor(
    private readonly maxFps: number | undefined,
    private readonly now: () => number,
    private readonly burstSeconds = 0.5,
  ) {}

  /** True when this camera's `stream` may send a frame now (and counts it). */
  take(cameraId: string, stream = ''): boolean {
    const maxFps = this.maxFps;
    if (!maxFps) return true;
    let streams = this.gates.get(cameraId);
    if (!streams) this.gates.set(cameraId, (streams = new Map()));
    let gate = streams.get(stream);
    if (!gate) streams.set(stream, (gate = new FpsGate(maxFps, Math.max(2, maxFps * this.burstSeconds))));
    return gate.take(this.now());
  }

  forget(cameraId: string): void {
    this.gates.delete(cameraId);
  }
}
