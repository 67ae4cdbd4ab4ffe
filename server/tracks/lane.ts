/**
 * One viewer's delivery of one track (#38): the relay offers each unit as the camera makes it, the lane
 * sends what the viewer's link can take (a window in flight, acked by the transport) and keeps a bounded
 * wait behind it, and a slow viewer costs its lane's bounds, never a queue. Two policies decide what waits:
 * newest frame wins (viewer-slot.ts: JPEG, later detections; any unit is a start point, one waits) and
 * newest GOP wins (h264-lane.ts: H.264, with its audio; a GOP waits, a keyframe is the start point).
 */

/** Where a lane delivers: `done` is called once, when the pipe can take the next unit. */
export interface LaneSink<Unit> {
  write(unit: Unit, done: () => void): void;
}

/** The most a lane holds at once, in flight and waiting: every unit it holds counts. */
export interface LaneBounds {
  units: number;
  /** Infinity where the lane takes no byte cap: its units' size is bounded where they enter (frame-check.ts). */
  bytes: number;
}

export interface Lane<Unit> {
  /** Offers the track's newest unit: sent now if the window has room, else the policy keeps or drops it. */
  offer(unit: Unit): void;
  /** Nothing is sent while paused, and what waited is dropped. */
  pause(): void;
  /**
   * Ends a pause: what goes next starts at a clean start point (a keyframe for H.264; any JPEG). With a
   * `mark` (a page that counts its returns) it restarts even a lane that was not paused; a lane whose units
   * carry the mark stamps it from now on. False when nothing changed (not paused, no mark).
   */
  resume(mark?: number): boolean;
  /** Units that may be in flight at once; set within the lane's own limit. */
  window: number;
  /** Units held now, in flight and waiting (never over `bounds.units`). */
  readonly held: number;
  /** Their bytes (never over `bounds.bytes`). */
  readonly heldBytes: number;
  readonly bounds: LaneBounds;
  /** Units the policy dropped before they were sent: replaced by a newer one, or skipped with their GOP. */
  readonly dropped: number;
  /** Drops what it holds and sends nothing more. */
  close(): void;
}

/**
 * A lane's pump: `send` moves units to the sink while the window has room. A sink that says `done` at once comes back
 * into the pump from inside `send`; that inner call returns, and the loop already running takes the next unit.
 */
export function guardedPump(send: () => void): () => void {
  let pumping = false;
  return () => {
    if (pumping) return;
    pumping = true;
    try {
      send();
    } finally {
      pumping = false;
    }
  };
}

/** A camera's run from its newest start point, kept by the track for readers that come or resume. */
export interface StartPoints<U> {
  /** Each unit the camera publishes, in order. */
  keep(unit: U): void;
  /** The run held, to offer a lane in order (empty: none; the publisher is asked for a start point). */
  replay(): U[];
  readonly units: number;
}
