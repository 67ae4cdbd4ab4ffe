/** JPEG checks that need no decoder: markers and the frame header only, never the pixels. */

/** True when the bytes start with SOI (FF D8 FF) and end with EOI (FF D9). */
export function hasJpegMarkers(buf: Uint8Array): boolean {
  const n = buf.length;
  // Some encoders pad after EOI; allow a few trailing zero bytes before giving up.
  let end = n;
  while (end > 4 && n - end < 16 && buf[end - 1] === 0) end--;
  return n >= 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff && buf[end - 2] === 0xff && buf[end - 1] === 0xd9;
}

export interface JpegSize {
  width: number;
  height: number;
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range but carry no size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** What `jpegMarkerEnd` says when the bytes end before the marker or its length can be read. */
export const JPEG_MORE = -1;
/** What `jpegMarkerEnd` says when there is no marker where one must be, or a segment length is under 2. */
export const JPEG_BAD = -2;

/**
 * One step of the walk over a JPEG's marker segments (from SOI to SOS), the one walk readJpegSize and the capture
 * side's stream splitter take: where what follows the marker at `at` begins (past its segment, which may run past
 * the bytes there are), or JPEG_MORE / JPEG_BAD. The marker is `buf[at + 1]`; a fill byte (FF FF) is one byte long,
 * SOI, EOI, RSTn and TEM have no length. Allocates nothing: it runs on every frame.
 */
export function jpegMarkerEnd(buf: Uint8Array, at: number): number {
  if (at + 2 > buf.length) return JPEG_MORE;
  if (buf[at] !== 0xff) return JPEG_BAD;
  const marker = buf[at + 1]!;
  if (marker === 0xff) return at + 1;
  if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) return at + 2;
  if (at + 4 > buf.length) return JPEG_MORE;
  const length = (buf[at + 2]! << 8) | buf[at + 3]!;
  return length < 2 ? JPEG_BAD : at + 2 + length;
}

/**
 * Reads the width and height from the first SOF segment by walking the marker segments.
 * Returns null when the header is malformed or has no SOF before the scan data.
 */
export function readJpegSize(buf: Uint8Array): JpegSize | null {
  for (let i = 2; ;) {
    const next = jpegMarkerEnd(buf, i);
    if (next < 0) return null;
    const marker = buf[i + 1]!;
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any SOF
    if (isStartOfFrame(marker)) {
      if (i + 9 > buf.length) return null;
      const height = (buf[i + 5]! << 8) | buf[i + 6]!;
      const width = (buf[i + 7]! << 8) | buf[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    i = next;
  }
}
