/** Splits an MJPEG byte stream (concatenated JPEGs, as ffmpeg's `-f mjpeg` writes) into whole JPEG frames. */
import { JPEG_BAD, JPEG_MORE, jpegMarkerEnd } from '../../common/codec/jpeg.js';

export interface JpegSplitterOptions {
  /** Bytes a frame may reach without an EOI before it is dropped and the splitter resyncs; default 8 MiB. */
  maxFrameSize?: number;
}

// Plain constants rather than an enum so the file stays erasable TypeScript.
/** Looking for FF D8 (SOI). */
const SEEK = 0;
/** Walking marker segments by their lengths, so an EXIF thumbnail's EOI inside APP1 is skipped. */
const HEADER = 1;
/** In entropy-coded data, where only FF D9 ends the frame (FF 00 and FF D0..D7 are data). */
const SCAN = 2;
type State = typeof SEEK | typeof HEADER | typeof SCAN;

const INITIAL_CAPACITY = 64 * 1024;

export class JpegSplitter {
  readonly maxFrameSize: number;
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  /** The live bytes, buf[0, len), as a view so indexOf never scans stale capacity. */
  private data: Buffer = this.buf.subarray(0, 0);
  private state: State = SEEK;
  /** Where the scan resumes: bytes before it were already examined, which keeps small chunks O(n). */
  private pos = 0;
  private frameStart = 0;
  private droppedCount = 0;

  constructor(options: JpegSplitterOptions = {}) {
    const { maxFrameSize = 8 * 1024 * 1024 } = options;
    if (!Number.isInteger(maxFrameSize) || maxFrameSize < 4) {
      throw new TypeError(`maxFrameSize must be an integer of at least 4 bytes, got ${maxFrameSize}.`);
    }
    this.maxFrameSize = maxFrameSize;
  }

  /** Frames discarded because they broke off or outgrew maxFrameSize. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get buffered(): number {
    return this.data.length - (this.state === SEEK ? this.pos : this.frameStart);
  }

  /** Feeds a chunk; calls onFrame with a copy of each JPEG the chunk completes, in order. */
  push(chunk: Uint8Array, onFrame: (jpeg: Buffer) => void): void {
    if (chunk.length === 0) return;
    this.append(chunk);
    this.scan(onFrame);
    if (this.state !== SEEK && this.data.length - this.frameStart > this.maxFrameSize) {
      // No EOI within the cap: drop the partial frame; entropy data never holds FF D8, so the next SOI is a new frame.
      this.droppedCount++;
      this.state = SEEK;
      this.pos = this.data.length;
    }
  }

  /** Forgets any partial frame, e.g. before replaying a file from its start. */
  reset(): void {
    this.data = this.buf.subarray(0, 0);
    this.state = SEEK;
    this.pos = 0;
    this.frameStart = 0;
  }

  private append(chunk: Uint8Array): void {
    // Bytes before `keep` are done with; slide the rest to the front (usually few bytes, or none mid-frame).
    const keep = this.state === SEEK ? this.pos : this.frameStart;
    let len = this.data.length;
    if (keep > 0) {
      this.buf.copyWithin(0, keep, len);
      len -= keep;
      this.pos -= keep;
      this.frameStart = this.state === SEEK ? 0 : this.frameStart - keep;
    }
    const needed = len + chunk.length;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, len);
      this.buf = grown;
    }
    this.buf.set(chunk, len);
    this.data = this.buf.subarray(0, needed);
  }

  private scan(onFrame: (jpeg: Buffer) => void): void {
    const d = this.data;
    const n = d.length;
    for (;;) {
      if (this.state === SEEK) {
        const ff = d.indexOf(0xff, this.pos);
        if (ff < 0 || ff + 1 >= n) {
          this.pos = ff < 0 ? n : ff; // keep a trailing FF: its D8 may come in the next chunk
          return;
        }
        if (d[ff + 1] === 0xd8) {
          this.frameStart = ff;
          this.pos = ff + 2;
          this.state = HEADER;
        } else {
          this.pos = ff + 1;
        }
      } else if (this.state === HEADER) {
        const next = jpegMarkerEnd(d, this.pos);
        if (next === JPEG_MORE) return;
        if (next === JPEG_BAD) {
          this.resync(this.frameStart + 2);
          continue;
        }
        const marker = d[this.pos + 1]!;
        if (marker === 0xd9) {
          this.emit(this.pos + 2, onFrame); // a frame with no scan (tables only); still a whole JPEG
        } else if (marker === 0xd8) {
          this.resync(this.pos); // a new SOI inside the header: the previous frame broke off
        } else {
          this.pos = next; // may point past the data until more arrives
          if (marker === 0xda) this.state = SCAN;
        }
      } else {
        if (this.pos >= n) return;
        const ff = d.indexOf(0xff, this.pos);
        if (ff < 0 || ff + 1 >= n) {
          this.pos = ff < 0 ? n : ff;
          return;
        }
        const next = d[ff + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          this.pos = ff + 2; // stuffed FF or restart marker: still entropy data
        } else if (next === 0xff) {
          this.pos = ff + 1;
        } else if (next === 0xd9) {
          this.emit(ff + 2, onFrame);
        } else if (next === 0xd8) {
          this.resync(ff);
        } else {
          // Another marker (DHT/SOS between progressive scans): walk segments again.
          this.pos = ff;
          this.state = HEADER;
        }
      }
    }
  }

  private emit(end: number, onFrame: (jpeg: Buffer) => void): void {
    const frame = Buffer.allocUnsafe(end - this.frameStart);
    this.buf.copy(frame, 0, this.frameStart, end);
    this.state = SEEK;
    this.pos = end;
    onFrame(frame);
  }

  /** Abandons the current frame and looks for an SOI from `from`. */
  private resync(from: number): void {
    this.droppedCount++;
    this.state = SEEK;
    this.pos = from;
  }
}
