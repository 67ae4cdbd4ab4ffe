/** The newest-frame-wins order shared by server, capture client and dashboard. */

export interface FrameStamp {
  seq: number;
  capturedAt: number;
  /** Numbers the capture sessions of a camera; a later session wins whatever its seq and clock. */
  epoch?: number;
}

/**
 * True when `candidate` is newer than `current`. Within one capture session `seq` decides; a
 * frame of a later session (a restarted client, or another PC) always wins, because its seq
 * starts again at 0 and its clock may be behind. Without sessions, a later capture time also wins.
 */
export function isNewerFrame(candidate: FrameStamp, current: FrameStamp | null | undefined): boolean {
  if (!current) return true;
  if (candidate.epoch !== undefined && current.epoch !== undefined && candidate.epoch !== current.epoch) return candidate.epoch > current.epoch;
  return candidate.seq > current.seq || candidate.capturedAt > current.capturedAt;
}
