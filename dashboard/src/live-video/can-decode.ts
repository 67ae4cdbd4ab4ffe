/** Whether this page can draw a camera's H.264, asked before subscribing with `h264` (JPEG otherwise). */

/** Which decoder a page uses: WebCodecs where it exists (secure contexts), else Media Source Extensions. */
export type DecoderKind = 'webcodecs' | 'mse';

/** Constrained Baseline 3.1: what any H.264 decoder has; a stream's own codec is checked again before its first decode. */
export const PROBE_CODEC = 'avc1.42E01F';

export function decoderKind(): DecoderKind | null {
  if (typeof VideoDecoder === 'function') return 'webcodecs';
  if (typeof MediaSource === 'function') return 'mse';
  return null;
}

/** True when this page has a decoder for `codec` (an RFC 6381 string). */
export async function canDecodeH264(codec = PROBE_CODEC): Promise<boolean> {
  const kind = decoderKind();
  if (kind === 'webcodecs') {
    try {
      const { supported } = await VideoDecoder.isConfigSupported({ codec, optimizeForLatency: true });
      return supported === true;
    } catch {
      return false; // a codec string it cannot even parse
    }
  }
  if (kind === 'mse') return MediaSource.isTypeSupported(`video/mp4; codecs="${codec}"`);
  return false;
}
