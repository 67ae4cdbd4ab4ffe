/**
 * Reads the JPEGs out of an HTTP camera's multipart/x-mixed-replace stream, fed in chunks of any
 * size. Cameras bend RFC 2046 every way: a boundary given with its dashes, parts with no
 * Content-Length, no boundary at all. So a part's end is its Content-Length where it has one, else
 * the next delimiter; with no boundary the stream is split by JPEG markers. Every byte held is capped.
 * Pure: no I/O.
 */
import { CamrelayError } from '../../shared/errors.js';
import { JpegSplitter } from './jpeg-splitter.js';

export interface MultipartReaderOptions {
  /** Bytes one part may hold; a longer part is skipped (counted in `dropped`). Default 8 MiB. */
  maxPartBytes?: number;
  /** Bytes of one part's headers; more is not an MJPEG camera. Default 16 KiB. */
  maxHeaderBytes?: number;
}

const SEEK = 0; // looking for a delimiter line
const HEAD = 1; // reading a part's headers, up to the blank line
const BODY = 2; // a body of known length
const SCAN = 3; // a body without Content-Length: up to the next delimiter
const SKIP = 4; // a body over the cap, of known length: its bytes are let go as they come
const SOI = Buffer.from([0xff, 0xd8]);
type State = typeof SEEK | typeof HEAD | typeof BODY | typeof SCAN | typeof SKIP;

export class MultipartReader {
  readonly maxPartBytes: number;
  readonly maxHeaderBytes: number;
  private readonly delimiter: Buffer | null;
  private readonly splitter: JpegSplitter | null;
  /** Finds the end of a JPEG in a part without Content-Length. */
  private readonly part: JpegSplitter;
  /** Bytes of the held part already given to `part`. */
  private fed = 0;
  /** The held bytes are store[start, end): consumed from the front, appended at the back, grown by doubling. */
  private store = Buffer.allocUnsafe(64 * 1024);
  private start = 0;
  private end = 0;
  private state: State = SEEK;
  /** Bytes still wanted by BODY or SKIP. */
  private need = 0;
  /** Where the next delimiter search resumes, so small chunks stay O(n). */
  private from = 0;
  private seenDelimiter = false;
  private skippedBytes = 0;
  private droppedParts = 0;

  /** `boundary` from the Content-Type; undefined (or empty) splits the stream by JPEG markers alone. */
  constructor(boundary: string | undefined, options: MultipartReaderOptions = {}) {
    const { maxPartBytes = 8 * 1024 * 1024, maxHeaderBytes = 16 * 1024 } = options;
    this.maxPartBytes = maxPartBytes;
    this.maxHeaderBytes = maxHeaderBytes;
    // Some cameras put the dashes in the Content-Type's boundary too: match on what follows them.
    const core = (boundary ?? '').replace(/^-+/, '').slice(0, 200);
    this.delimiter = core ? Buffer.from(`--${core}`, 'latin1') : null;
    this.splitter = core ? null : new JpegSplitter({ maxFrameSize: maxPartBytes });
    this.part = new JpegSplitter({ maxFrameSize: maxPartBytes });
  }

  /** Parts skipped: over the cap, or not a JPEG. */
  get dropped(): number {
    return this.droppedParts + (this.splitter?.dropped ?? 0);
  }

  /** Bytes held while waiting for the rest of a part. */
  get buffered(): number {
    return this.splitter ? this.splitter.buffered : this.buf.length;
  }

  /** Feeds a chunk; calls onJpeg with each JPEG it completes. Throws SOURCE_FAILED when the stream is no MJPEG. */
  push(chunk: Uint8Array, onJpeg: (jpeg: Buffer) => void): void {
    if (this.splitter) return this.splitter.push(chunk, onJpeg);
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.state === SKIP) {
      const taken = Math.min(this.need, data.length);
      this.need -= taken;
      data = data.subarray(taken);
      if (this.need > 0) return;
      this.state = SEEK;
    }
    this.append(data);
    while (this.step(onJpeg));
  }

  private get buf(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  private consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  private append(data: Buffer): void {
    const held = this.end - this.start;
    if (this.end + data.length > this.store.length) {
      const size = held + data.length > this.store.length ? Math.max(held + data.length, this.store.length * 2) : this.store.length;
      const next = size === this.store.length ? this.store : Buffer.allocUnsafe(size);
      this.store.copy(next, 0, this.start, this.end);
      this.store = next;
      this.start = 0;
      this.end = held;
    }
    data.copy(this.store, this.end);
    this.end += data.length;
  }

  /** One move of the state machine over the held bytes; false when it needs more. */
  private step(onJpeg: (jpeg: Buffer) => void): boolean {
    const d = this.delimiter!;
    if (this.state === SEEK) {
      const at = this.buf.indexOf(d, this.from);
      if (at < 0) {
        // Keep a tail that may be the start of a delimiter split across chunks.
        const keep = Math.min(this.buf.length, d.length - 1);
        this.skippedBytes += this.buf.length - keep;
        this.consume(this.buf.length - keep);
        this.from = 0;
        if (!this.seenDelimiter && this.skippedBytes > this.maxPartBytes) {
          throw new CamrelayError(
            'SOURCE_FAILED',
            `The camera's stream has no part boundary "${d.toString('latin1')}" in its first ${this.maxPartBytes} bytes: it is not an MJPEG stream.`,
          );
        }
        return false;
      }
      this.seenDelimiter = true;
      this.skippedBytes = 0;
      this.consume(at + d.length);
      this.from = 0;
      this.state = HEAD;
      return true;
    }
    if (this.state === HEAD) return this.head();
    if (this.state === BODY) {
      if (this.buf.length < this.need) return false;
      this.emit(this.buf.subarray(0, this.need), onJpeg);
      this.consume(this.need);
      this.state = SEEK;
      return true;
    }
    return this.scan(d, onJpeg);
  }

  /**
   * A body without Content-Length ends at its JPEG's EOI (so the frame goes now, not when the next
   * part starts) or at the next delimiter, whichever comes first.
   */
  private scan(d: Buffer, onJpeg: (jpeg: Buffer) => void): boolean {
    const at = this.buf.indexOf(d, this.from);
    const limit = at < 0 ? this.buf.length : at;
    let frame: Buffer | null = null;
    if (this.fed < limit) this.part.push(this.buf.subarray(this.fed, limit), (j) => (frame ??= j));
    this.fed = limit;
    if (frame !== null) {
      onJpeg(frame);
      this.consume(this.buf.indexOf(SOI) + (frame as Buffer).length);
      return this.nextPart();
    }
    if (at < 0) {
      this.from = Math.max(0, this.buf.length - d.length + 1);
      if (this.buf.length > this.maxPartBytes) {
        this.droppedParts++;
        this.consume(this.from); // let the part's bytes go, but for a delimiter's start at the end
        return this.nextPart();
      }
      return false;
    }
    this.droppedParts++; // a delimiter before a whole JPEG: the part was no picture, or cut short
    this.consume(at);
    return this.nextPart();
  }

  private nextPart(): true {
    this.part.reset();
    this.fed = 0;
    this.from = 0;
    this.state = SEEK;
    return true;
  }

  private head(): boolean {
    // The delimiter line's end, then headers up to a blank line (CRLF or bare LF, as cameras write them).
    if (this.buf.length < 2) return false;
    if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
      // The close delimiter: the camera ended the stream on purpose; anything after is junk.
      this.state = SEEK;
      return true;
    }
    const blank = /\r?\n\r?\n/.exec(this.buf.toString('latin1', 0, Math.min(this.buf.length, this.maxHeaderBytes + 4)));
    if (!blank) {
      if (this.buf.length > this.maxHeaderBytes)
        throw new CamrelayError('SOURCE_FAILED', `A part of the camera's stream has over ${this.maxHeaderBytes} bytes of headers: it is not an MJPEG stream.`);
      return false;
    }
    const headers = this.buf.toString('latin1', 0, blank.index);
    const length = /^content-length:[ \t]*(\d{1,12})[ \t]*\r?$/im.exec(headers)?.[1];
    this.consume(blank.index + blank[0].length);
    this.from = 0;
    if (length === undefined) {
      this.state = SCAN;
    } else if (Number(length) > this.maxPartBytes) {
      this.droppedParts++;
      this.need = Number(length);
      const taken = Math.min(this.need, this.buf.length);
      this.need -= taken;
      this.consume(taken);
      this.state = this.need > 0 ? SKIP : SEEK;
      return this.state === SEEK;
    } else {
      this.need = Number(length);
      this.state = BODY;
    }
    return true;
  }

  private emit(body: Buffer, onJpeg: (jpeg: Buffer) => void): void {
    let end = body.length;
    while (end > 0 && (body[end - 1] === 0x0a || body[end - 1] === 0x0d)) end--;
    if (end < 4 || body[0] !== 0xff || body[1] !== 0xd8) {
      this.droppedParts++;
      return;
    }
    onJpeg(Buffer.from(body.subarray(0, end)));
  }
}
