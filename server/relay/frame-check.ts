/** Checks a frame before anything else touches it: size, JPEG markers and header, order. Pure. */
import { CamrelayError } from '../../shared/errors.js';
import { hasJpegMarkers, readJpegSize, type JpegSize } from '../../common/codec/jpeg.js';
import { UNIT_BOUNDS } from './unit-kinds.js';

export interface FrameLimits {
  maxFrameBytes: number;
  /** Largest width or height accepted, read from the JPEG header before any decoder sees it. */
  maxDimension: number;
}

export function checkJpeg(jpeg: Uint8Array, limits: FrameLimits): { ok: true; size: JpegSize } | { ok: false; error: CamrelayError } {
  const maxBytes = UNIT_BOUNDS.jpeg.maxBytes(limits);
  if (jpeg.length > maxBytes) {
    return { ok: false, error: new CamrelayError(UNIT_BOUNDS.jpeg.tooLarge, `The frame is ${jpeg.length} bytes; the limit is ${maxBytes}.`) };
  }
  if (!hasJpegMarkers(jpeg)) return { ok: false, error: new CamrelayError('NOT_JPEG') };
  const size = readJpegSize(jpeg);
  if (!size) return { ok: false, error: new CamrelayError('NOT_JPEG', 'The JPEG header has no readable frame size (SOF segment).') };
  if (size.width > limits.maxDimension || size.height > limits.maxDimension) {
    return {
      ok: false,
      error: new CamrelayError('FRAME_TOO_LARGE', `The frame is ${size.width}×${size.height}; the limit is ${limits.maxDimension} pixels a side.`),
    };
  }
  return { ok: true, size };
}
