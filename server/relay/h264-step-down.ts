/**
 * The `· auto` step-down of a viewer's live H.264 (#30), per camera: from the camera's full size or a rung, down the
 * rungs its capture side encodes H.264 at, and back up. Its JPEGs are held back while H.264 flows, so the rung
 * governor measures nothing then; the H.264 lane's skips are the measure instead: a link that made the relay drop
 * `SKIPS_TO_STEP` GOPs within `SKIP_WINDOW_MS` cannot carry the stream, and the camera goes one rung down, as its
 * JPEG would; skips within `STEP_HOLD_MS` of a change do not count, as the rung governor holds after one: the link
 * is still carrying the old stream's units in flight, which the new one waits behind. The lane says nothing of spare room (the rung governor times each JPEG's send; H.264 units are acked a
 * window at a time), so a step up is a probe: after `STEP_UP_QUIET_MS` with no skip, one rung up; a probe the link
 * cannot carry is stepped down again within its quiet period and doubles the wait before the next, up to
 * `STEP_UP_QUIET_MAX_MS`, so a link that never takes it costs a few late pictures once per 5 min at most.
 * Pure code: the clock is injected.
 */
import { RENDITION_WIDTHS } from '../../shared/subscription.js';

export const SKIPS_TO_STEP = 2;
export const SKIP_WINDOW_MS = 10_000;
/** Skips this soon after a change are the change's own (the rung governor's hold, rung-governor.ts). */
export const STEP_HOLD_MS = 4000;
/** No skip for this long after the last change: one rung up. */
export const STEP_UP_QUIET_MS = 30_000;
/** The longest wait before a step up, after probes that failed one after another. */
export const STEP_UP_QUIET_MAX_MS = 300_000;

/**
 * The H.264 width `steps` rungs below `asked` (null: full size) of a camera `nativeWidth` wide (null: full size), and
 * whether one more step exists. The JPEG ladder's extra low-quality rung (rungs.ts) is a JPEG quality, not a width: H.264 stops at 320.
 */
export function h264RungBelow(asked: number | null, steps: number, nativeWidth: number): { width: number | null; canStepDown: boolean } {
  const ladder: Array<number | null> = [...RENDITION_WIDTHS.filter((w) => w < nativeWidth), null];
  const from = asked === null ? ladder.length - 1 : Math.max(0, ladder.indexOf(asked));
  const at = Math.max(0, from - steps);
  return { width: ladder[at]!, canStepDown: at > 0 };
}

interface Camera {
  /** Rungs below the one asked. */
  steps: number;
  /** Times of the skips since the last change, within the window. */
  skips: number[];
  changedAt: number;
  /** When the last step up was, while it holds (no step down since). */
  upAt: number | null;
  /** The quiet wanted before the next step up. */
  quietMs: number;
}

export class H264StepDown {
  private readonly cameras = new Map<string, Camera>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Rungs `cameraId` is stepped down now. */
  steps(cameraId: string): number {
    return this.cameras.get(cameraId)?.steps ?? 0;
  }

  /** The viewer's lane skipped a GOP of `cameraId`; true when that makes it step one rung down (`canStepDown`: a lower rung exists). */
  skipped(cameraId: string, canStepDown = true): boolean {
    const now = this.now();
    let cam = this.cameras.get(cameraId);
    if (!cam) this.cameras.set(cameraId, (cam = { steps: 0, skips: [], changedAt: -Infinity, upAt: null, quietMs: STEP_UP_QUIET_MS }));
    if (now - cam.changedAt < STEP_HOLD_MS) return false;
    cam.skips = [...cam.skips.filter((t) => now - t < SKIP_WINDOW_MS), now].slice(-SKIPS_TO_STEP);
    if (cam.skips.length < SKIPS_TO_STEP || !canStepDown) return false;
    // A step up the link could not carry: the next probe waits twice as long.
    if (cam.upAt !== null && now - cam.upAt < cam.quietMs) cam.quietMs = Math.min(cam.quietMs * 2, STEP_UP_QUIET_MAX_MS);
    cam.skips = [];
    cam.steps++;
    cam.changedAt = now;
    cam.upAt = null;
    return true;
  }

  /**
   * Whether `cameraId` goes one rung up now: it is stepped down and its lane skipped nothing for the quiet period.
   * Returns that period (ms) when it does, null when not.
   */
  stepUp(cameraId: string): number | null {
    const cam = this.cameras.get(cameraId);
    if (!cam || cam.steps === 0) return null;
    const now = this.now();
    const quietSince = Math.max(cam.changedAt, cam.skips.at(-1) ?? -Infinity);
    const waited = cam.quietMs;
    if (now - quietSince < waited) return null;
    // The last step up held a whole quiet period: the link took it, so the next is tried as soon.
    if (cam.upAt !== null) cam.quietMs = STEP_UP_QUIET_MS;
    cam.steps--;
    cam.skips = [];
    cam.changedAt = now;
    cam.upAt = now;
    return waited;
  }

  /** The camera is asked at another width, or pinned: it starts again from the rung asked. */
  reset(cameraId: string): void {
    this.cameras.delete(cameraId);
  }

  /** Where `cameraId` stands, for the page's next connection (step-down-memory.ts); null when not stepped down. */
  standing(cameraId: string): { steps: number; quietMs: number } | null {
    const cam = this.cameras.get(cameraId);
    return cam && cam.steps > 0 ? { steps: cam.steps, quietMs: cam.quietMs } : null;
  }

  /** Starts `cameraId` where the page's last connection left it, as if it had just stepped there (so it holds). */
  restore(cameraId: string, steps: number, quietMs: number): void {
    this.cameras.set(cameraId, {
      steps,
      skips: [],
      changedAt: this.now(),
      upAt: null,
      quietMs: Math.min(Math.max(quietMs, STEP_UP_QUIET_MS), STEP_UP_QUIET_MAX_MS),
    });
  }
}
