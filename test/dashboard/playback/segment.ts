/** A closed H.264 segment of camera `door` from `start` to `end` (ms), for the playback tests. */
import type { Segment } from '../../../shared/segments.js';

export const seg = (start: number, end: number, frames = 10): Segment => ({
  id: String(start).padStart(13, '0'),
  start,
  end,
  frames,
  bytes: 1,
  format: 'h264',
  width: 320,
  height: 180,
  state: 'closed',
  endReason: 'rotate',
  url: `/api/cameras/door/recordings/${start}`,
});
