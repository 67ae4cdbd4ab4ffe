/**
 * One direction of an RTSP connection cut into what the hop (rtsp-hop.ts) treats apart: RTSP messages
 * (a head up to the blank line and a Content-Length body), rewritten, and everything else passed on as
 * it came: interleaved RTP/RTCP frames (`$`, channel, 16-bit length, RFC 2326 §10.12), which are most of
 * the bytes after PLAY, go on as slices of the chunk they came in, never copied. Pure: no I/O.
 */
import { CamrelayError } from '../../shared/errors.js';

/** A piece of the stream: bytes to pass on untouched, or one whole RTSP message (head without its blank line). */
export type RtspPiece = { kind: 'bytes'; data: Buffer } | { kind: 'message'; head: string; body: Buffer };

/** Longest head read: a camera's or ffmpeg's headers are a few hundred bytes; bounded before it is looked at. */
export const RTSP_HEAD_MAX = 16 * 1024;
/** Longest body: an SDP is a few KB. */
export const RTSP_BODY_MAX = 64 * 1024;

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
const BLANK_LINE = Buffer.from('\r\n\r\n');

export class RtspFramer {
  /** A message head or body, or an interleaved frame's 4-byte header, cut by a chunk's end. */
  private carry: Buffer = EMPTY;
  /** Bytes of the current interleaved frame still to pass on. */
  private passing = 0;
  /** A head read, waiting for this many bytes of its body. */
  private waiting: { head: string; length: number } | null = null;

  /** `who` names the sender in errors: "the camera" or "ffmpeg". */
  constructor(private readonly who: string) {}

  /** Cuts `chunk` into pieces, in order; throws SOURCE_FAILED for a head or body past its bound. */
  push(chunk: Buffer, out: (piece: RtspPiece) => void): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = EMPTY;
    let i = 0;
    let passFrom = 0;
    const flush = (end: number): void => {
      if (end > passFrom) out({ kind: 'bytes', data: buf.subarray(passFrom, end) });
      passFrom = end;
    };
    const keep = (from: number): void => {
      flush(from);
      this.carry = Buffer.from(buf.subarray(from));
      passFrom = buf.length;
    };
    while (i < buf.length) {
      if (this.passing > 0) {
        const take = Math.min(this.passing, buf.length - i);
        this.passing -= take;
        i += take;
      } else if (this.waiting) {
        if (buf.length - i < this.waiting.length) return keep(i);
        flush(i);
        const body = buf.subarray(i, i + this.waiting.length);
        out({ kind: 'message', head: this.waiting.head, body });
        i += this.waiting.length;
        passFrom = i;
        this.waiting = null;
      } else if (buf[i] === DOLLAR) {
        if (buf.length - i < 4) return keep(i);
        this.passing = 4 + buf.readUInt16BE(i + 2);
      } else if (buf[i] === CR || buf[i] === LF) {
        // A stray line end between messages (some servers send them as keep-alives): dropped.
        flush(i);
        passFrom = ++i;
      } else {
        const end = buf.indexOf(BLANK_LINE, i);
        if (end < 0 || end - i > RTSP_HEAD_MAX) {
          if (buf.length - i > RTSP_HEAD_MAX) throw this.tooLarge(`an RTSP head over ${RTSP_HEAD_MAX} bytes`);
          return keep(i);
        }
        flush(i);
        const head = buf.toString('latin1', i, end);
        i = end + BLANK_LINE.length;
        passFrom = i;
        const length = contentLength(head);
        if (length > RTSP_BODY_MAX) throw this.tooLarge(`an RTSP body of ${length} bytes (at most ${RTSP_BODY_MAX})`);
        if (length > 0) this.waiting = { head, length };
        else out({ kind: 'message', head, body: EMPTY });
      }
    }
    flush(buf.length);
  }

  private tooLarge(what: string): CamrelayError {
    return new CamrelayError('SOURCE_FAILED', `${this.who} sent ${what}: not RTSP as cameras speak it.`);
  }
}

/** The head's Content-Length, 0 when none; NaN or a negative is refused as too large. */
function contentLength(head: string): number {
  const m = /\r\ncontent-length:[ \t]*([^\r\n]*)/i.exec(head);
  if (!m) return 0;
  const n = /^\d{1,9}$/.test(m[1]!.trim()) ? Number(m[1]!.trim()) : Infinity;
  return n;
}
