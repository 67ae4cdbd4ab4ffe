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

/**
 * Reads the width and height from the first SOF segment by walking the marker segments.
 * Returns null when the header is malformed or has no SOF before the scan data.
 */
export function readJpegSize(buf: Uint8Array): JpegSize | null {
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any SOF
    const len = (buf[i + 2]! << 8) | buf[i + 3]!;
    if (len < 2) return null;
    if (isStartOfFrame(marker)) {
      if (i + 9 > buf.length) return null;
      const height = (buf[i + 5]! << 8) | buf[i + 6]!;
      const width = (buf[i + 7]! << 8) | buf[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    i += 2 + len;
  }
  return null;
}
