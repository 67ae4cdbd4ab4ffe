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
import type { StepDown } from './step-down.js';

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

/** One camera's H.264 step-down for one viewer: the keyed `H264StepDown` holds one per camera. */
export class H264Step implements StepDown {
  /** Rungs below the one asked. */
  steps = 0;
  /** The notice's window: an H.264 lane's ack window is its own, not the step-down's. */
  readonly inFlight = 1;
  reason = '';
  /** Times of the skips since the last change, within the window. */
  private skips: number[] = [];
  private changedAt: number;
  /** When the last step up was, while it holds (no step down since). */
  private upAt: number | null = null;
  /** The quiet wanted before the next step up. */
  quietMs = STEP_UP_QUIET_MS;
  /** A skip was noted and not yet ticked: the next tick is a step down's, not a step up's. */
  private due = false;

  /** `changedAt`: a step restored from a page's last connection holds as if it had just stepped. */
  constructor(
    private readonly now: () => number,
    changedAt = -Infinity,
  ) {
    this.changedAt = changedAt;
  }

  /** Units are acked a window at a time: their times say nothing of spare room, nor do offers. */
  frameOffered(): void {}
  frameTaken(): void {}

  skipped(): void {
    const now = this.now();
    if (now - this.changedAt < STEP_HOLD_MS) return;
    this.skips = [...this.skips.filter((t) => now - t < SKIP_WINDOW_MS), now].slice(-SKIPS_TO_STEP);
    this.due = true;
  }

  tick(canStepDown: boolean): boolean {
    if (!this.due) return this.up() !== null;
    this.due = false;
    return this.down(canStepDown);
  }

  /** One rung down when the skips noted reach `SKIPS_TO_STEP` within the window. */
  down(canStepDown: boolean): boolean {
    const now = this.now();
    if (this.skips.length < SKIPS_TO_STEP || !canStepDown) return false;
    // A step up the link could not carry: the next probe waits twice as long.
    if (this.upAt !== null && now - this.upAt < this.quietMs) this.quietMs = Math.min(this.quietMs * 2, STEP_UP_QUIET_MAX_MS);
    this.skips = [];
    this.steps++;
    this.changedAt = now;
    this.upAt = null;
    this.reason = `its H.264 fell a GOP behind ${SKIPS_TO_STEP} times within ${SKIP_WINDOW_MS / 1000} s`;
    return true;
  }

  /** One rung up when stepped down and quiet for the period: returns that period (ms), or null. */
  up(): number | null {
    if (this.steps === 0) return null;
    const now = this.now();
    const quietSince = Math.max(this.changedAt, this.skips.at(-1) ?? -Infinity);
    const waited = this.quietMs;
    if (now - quietSince < waited) return null;
    // The last step up held a whole quiet period: the link took it, so the next is tried as soon.
    if (this.upAt !== null) this.quietMs = STEP_UP_QUIET_MS;
    this.steps--;
    this.skips = [];
    this.changedAt = now;
    this.upAt = now;
    this.reason = `its H.264 skipped no GOP for ${waited / 1000} s`;
    return waited;
  }
}

/** A viewer's H.264 step-down of every camera it watches, keyed by camera. */
export class H264StepDown {
  private readonly cameras = new Map<string, H264Step>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The step-down of `cameraId`, made on first ask; a reset or restore replaces it, so ask again each time. */
  of(cameraId: string): H264Step {
    let cam = this.cameras.get(cameraId);
    if (!cam) this.cameras.set(cameraId, (cam = new H264Step(this.now)));
    return cam;
  }

  /** Rungs `cameraId` is stepped down now. */
  steps(cameraId: string): number {
    return this.cameras.get(cameraId)?.steps ?? 0;
  }

  /** The viewer's lane skipped a GOP of `cameraId`; true when that makes it step one rung down (`canStepDown`: a lower rung exists). */
  skipped(cameraId: string, canStepDown = true): boolean {
    const cam = this.of(cameraId);
    cam.skipped();
    return cam.tick(canStepDown);
  }

  /**
   * Whether `cameraId` goes one rung up now: it is stepped down and its lane skipped nothing for the quiet period.
   * Returns that period (ms) when it does, null when not.
   */
  stepUp(cameraId: string): number | null {
    return this.cameras.get(cameraId)?.up() ?? null;
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
    const cam = new H264Step(this.now, this.now());
    cam.steps = steps;
    cam.quietMs = Math.min(Math.max(quietMs, STEP_UP_QUIET_MS), STEP_UP_QUIET_MAX_MS);
    this.cameras.set(cameraId, cam);
  }
}
