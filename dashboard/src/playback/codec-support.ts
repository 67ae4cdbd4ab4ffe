/** Whether this browser can play a recording's video codec, asked before its file is loaded. */
import type { Segment } from '../../../shared/segments.js';

/** Main profile, level 3.1: what a camera's H.265 main stream copied into MP4 (tagged hvc1) declares. */
export const HEVC_TYPE = 'video/mp4; codecs="hvc1.1.6.L93.B0"';

export const HEVC_UNPLAYABLE =
  'This recording is H.265, which this browser cannot play: open it in Safari, or Chrome or Edge on a PC with hardware H.265 decoding. Export downloads it.';

/** What the browser answers about a type: the `<video>`'s canPlayType and, where there is one, MediaSource. */
export interface CodecProbe {
  canPlayType(type: string): string;
  isTypeSupported?: (type: string) => boolean;
}

/** Null when segment `s` can be played here, else the words saying why not. */
export function codecSupport(s: Segment, probe: CodecProbe): string | null {
  if (s.codec !== 'h265') return null;
  // canPlayType says "maybe" at best; Chrome without hardware HEVC answers "" and MediaSource false.
  if (probe.canPlayType(HEVC_TYPE) !== '') return null;
  if (probe.isTypeSupported?.(HEVC_TYPE)) return null;
  return HEVC_UNPLAYABLE;
}
