/**
 * `?fps=N`: caps one viewer's rate without a queue. A frame that comes too soon is held, not
 * acknowledged, so newer frames wait in the viewer's slot (newest wins); when the interval is up
 * the newest one is written. Pure apart from one timer.
 */
import { CamrelayError } from '../../../shared/errors.js';
import type { Result } from '../../../shared/result.js';
import type { Frame, FrameSink } from '../../relay/frame.js';

export const FPS_MIN = 1;
export const FPS_MAX = 60;

/** Reads the `fps` query parameter: absent means no cap. */
export function parseFps(raw: unknown): Result<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const n = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (n >= FPS_MIN && n <= FPS_MAX) return { ok: true, value: n };
  return { ok: false, error: new CamrelayError('BAD_REQUEST', `fps must be a whole number from ${FPS_MIN} to ${FPS_MAX}.`) };
}

export class FpsCap implements FrameSink {
  private readonly intervalMs: number;
  private nextAt = -Infinity;
  private held: { frame: Frame; done: () => void } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Held frames never written because a newer one came before their turn. */
  skipped = 0;

  /** `latest` tells whether a newer frame than the held one exists, i.e. waits in the viewer's slot. */
  constructor(
    private readonly inner: FrameSink,
    fps: number,
    private readonly latest: () => Frame | undefined,
  ) {
    this.intervalMs = 1000 / fps;
  }

  write(frame: Frame, done: () => void): void {
    if (this.closed) return;
    const now = Date.now();
    if (now >= this.nextAt) {
      this.nextAt = now + this.intervalMs;
      this.inner.write(frame, done);
      return;
    }
    // The slot sends nothing more until `done`, so at most one frame is ever held here.
    this.held = { frame, done };
    this.timer = setTimeout(() => this.release(), this.nextAt - now);
  }

  close(): void {
    this.closed = true;
    this.held = null;
    clearTimeout(this.timer);
  }

  private release(): void {
    const held = this.held;
    this.held = null;
    if (!held || this.closed) return;
    // Timers may fire a millisecond before Date.now() reaches nextAt; the turn has come either way.
    this.nextAt = Date.now();
    const newest = this.latest();
    // By sequence, not identity: the held frame may be a rendition of the newest one.
    if (newest && (newest.seq !== held.frame.seq || newest.meta.epoch !== held.frame.meta.epoch)) {
      // Freeing the pipe makes the slot hand over its pending (newest) frame at once, into write().
      this.skipped++;
      held.done();
    } else {
      this.write(held.frame, held.done);
    }
  }
}
