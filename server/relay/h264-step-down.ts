/**
 * The `· auto` step-down for a viewer's rung H.264 (#30). Its JPEGs are held back while H.264 flows, so the rung
 * governor measures nothing then; the H.264 lane's skips are the measure instead: a link that made the relay drop
 * `SKIPS_TO_STEP` GOPs within `SKIP_WINDOW_MS` cannot carry the rung, and the camera goes one rung down, as its
 * JPEG rung would. Pure code: the clock is injected.
 */
export const SKIPS_TO_STEP = 2;
export const SKIP_WINDOW_MS = 10_000;

export class H264StepDown {
  /** Per camera: rungs stepped down, and the times of its recent skips. */
  private readonly cameras = new Map<string, { steps: number; skips: number[] }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Rungs `cameraId` is stepped down now. */
  steps(cameraId: string): number {
    return this.cameras.get(cameraId)?.steps ?? 0;
  }

  /** The viewer's lane skipped a GOP of `cameraId`; true when that makes it step one rung down. */
  skipped(cameraId: string): boolean {
    const cam = this.cameras.get(cameraId) ?? { steps: 0, skips: [] };
    this.cameras.set(cameraId, cam);
    const now = this.now();
    cam.skips = [...cam.skips.filter((t) => now - t < SKIP_WINDOW_MS), now];
    if (cam.skips.length < SKIPS_TO_STEP) return false;
    cam.skips = [];
    cam.steps++;
    return true;
  }

  /** The camera is asked at another width, or pinned: it starts again from the rung asked. */
  reset(cameraId: string): void {
    this.cameras.delete(cameraId);
  }
}
