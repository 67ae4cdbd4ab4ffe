/** The newest-frame-wins order shared by server, capture client and dashboard. */

export interface FrameStamp {
  seq: number;
  capturedAt: number;
}

/**
 * True when `candidate` is newer than `current`. `seq` alone is not enough: a restarted
 * capture client starts again at 0, so a frame with a lower seq but a later capture time wins.
 */
export function isNewerFrame(candidate: FrameStamp, current: FrameStamp | null | undefined): boolean {
  if (!current) return true;
  return candidate.seq > current.seq || candidate.capturedAt > current.capturedAt;
}
