/**
 * Numbers each camera's capture sessions (the frames' `epoch`) so that a later session is higher
 * everywhere: on another node after a failover, and in a restarted process. A count kept in memory
 * started again at 1 there, below what open pages had seen, and their tiles froze (issue #25).
 */
import { CamrelayError } from '../../shared/errors.js';
import { isNewerFrame, type FrameStamp } from '../../shared/frame-order.js';
import { fail, ok, type Result } from '../../shared/result.js';

interface Current {
  session: string | undefined;
  epoch: number;
  stamp: FrameStamp;
}

export class SessionOrder {
  private readonly current = new Map<string, Current>();

  /** `now`: ms since 1970 (the relay's clock), the floor of every new session's epoch. */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The epoch of this frame, or STALE_FRAME when it is not newer than its session's last one.
   * `seen` is the highest epoch this node already shows for the camera (frames from other nodes).
   * A new session takes the clock's ms, so the order holds across processes whose clocks agree
   * to within the time between two sessions (NTP keeps them within milliseconds).
   */
  epochOf(cameraId: string, session: string | undefined, stamp: FrameStamp, seen = 0): Result<number> {
    const known = this.current.get(cameraId);
    // Within a session, ordered on the capture client's own clock: a frame that lost a race between
    // two transports (HTTP POST in flight while Socket.IO came back) must not replace a newer one.
    const sameSession = known !== undefined && known.session === session;
    if (sameSession && !isNewerFrame(stamp, known.stamp)) return fail(new CamrelayError('STALE_FRAME'));
    const epoch = sameSession ? known.epoch : Math.max((known?.epoch ?? 0) + 1, seen + 1, Math.floor(this.now()));
    this.current.set(cameraId, { session, epoch, stamp: { seq: stamp.seq, capturedAt: stamp.capturedAt } });
    return ok(epoch);
  }

  /** The capture session whose frame this camera showed last (undefined: none, or a client that names none). */
  sessionOf(cameraId: string): string | undefined {
    return this.current.get(cameraId)?.session;
  }

  forget(cameraId: string): void {
    this.current.delete(cameraId);
  }
}
