/**
 * One direction of an RTSP connection cut into RTSP messages (a head up to the blank line and a Content-Length
 * body) and everything else as it came: interleaved RTP/RTCP frames (`$`, channel, 16-bit length, RFC 2326
 * §10.12), which are most of the bytes after PLAY, go on as slices of the chunk they came in, never copied.
 * Every bound is checked before the bytes are looked at further; the first broken one ends the stream with its
 * code. The relay's RTSP server (server/streams/rtsp-request.ts) and the capture side's hop and talk-back client
 * (capture-client/sources/rtsp-hop-framer.ts) read through this with their own limits. Pure: no I/O.
 */
import { concat } from './bytes.js';
import { contentLength, isFault, latin1Text, type RtspFault } from './rtsp-message.js';

export interface RtspReaderLimits {
  /** A message's start line and headers, without the blank line. */
  headBytes: number;
  bodyBytes: number;
  /** Bytes held waiting for a message's end (its head and body so far, or an interleaved frame's 4-byte header). */
  pendingBytes: number;
}

/** A piece of the stream: bytes to pass on untouched (interleaved frames), or one whole message (head without its blank line). */
export type RtspPiece<B extends Uint8Array = Uint8Array> = { kind: 'bytes'; data: B } | { kind: 'message'; head: string; body: B };

/** Looks at a whole head before its body is waited for; a fault ends the stream (the relay's request grammar). */
export type RtspHeadCheck = (head: string) => RtspFault | null;

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;
const EMPTY = new Uint8Array(0);
/** The blank line's length: CR LF CR LF. */
const BLANK_LINE = 4;

/** Where CR LF CR LF begins at or after `from`, or -1. */
function blankLine(buf: Uint8Array, from: number): number {
  for (let at = buf.indexOf(CR, from); at >= 0 && at + 3 < buf.length; at = buf.indexOf(CR, at + 1)) {
    if (buf[at + 1] === LF && buf[at + 2] === CR && buf[at + 3] === LF) return at;
  }
  return -1;
}

export class RtspReader {
  /** A message head or body, or an interleaved frame's 4-byte header, cut by a chunk's end. */
  private carry: Uint8Array = EMPTY;
  /** Bytes of the current interleaved frame still to pass on. */
  private passing = 0;
  /** A head read, waiting for this many bytes of its body; `held` counts the head and its blank line. */
  private waiting: { head: string; length: number; held: number } | null = null;
  private fault: RtspFault | null = null;

  constructor(
    private readonly limits: RtspReaderLimits,
    private readonly check: RtspHeadCheck = () => null,
  ) {}

  /** Whether a message or interleaved frame has begun and not ended (bare line ends between messages are dropped as they come). */
  get partial(): boolean {
    return this.fault === null && (this.passing > 0 || this.waiting !== null || this.carry.length > 0);
  }

  /** Cuts `chunk` into pieces handed to `out` in order; returns the fault that ended the stream, after which nothing is read. */
  push(chunk: Uint8Array, out: (piece: RtspPiece) => void): RtspFault | null {
    if (this.fault) return this.fault;
    const buf = this.carry.length > 0 ? concat(this.carry, chunk) : chunk;
    this.carry = EMPTY;
    let i = 0;
    let passFrom = 0;
    const flush = (end: number): void => {
      if (end > passFrom) out({ kind: 'bytes', data: buf.subarray(passFrom, end) });
      passFrom = end;
    };
    const keep = (from: number): RtspFault | null => {
      flush(from);
      // A copy: no view into a large chunk is kept past this call.
      this.carry = new Uint8Array(buf.subarray(from));
      passFrom = buf.length;
      const held = this.carry.length + (this.waiting?.held ?? 0);
      return held > this.limits.pendingBytes
        ? this.stop({ code: 'RTSP_MESSAGE_TOO_LARGE', detail: `${held} bytes of one RTSP message (at most ${this.limits.pendingBytes})` })
        : null;
    };
    while (i < buf.length) {
      if (this.passing > 0) {
        const take = Math.min(this.passing, buf.length - i);
        this.passing -= take;
        i += take;
      } else if (this.waiting) {
        if (buf.length - i < this.waiting.length) return keep(i);
        flush(i);
        out({ kind: 'message', head: this.waiting.head, body: buf.subarray(i, i + this.waiting.length) });
        i += this.waiting.length;
        passFrom = i;
        this.waiting = null;
      } else if (buf[i] === DOLLAR) {
        if (buf.length - i < 4) return keep(i);
        this.passing = 4 + ((buf[i + 2]! << 8) | buf[i + 3]!);
      } else if (buf[i] === CR || buf[i] === LF) {
        // A stray line end between messages (players and some cameras send them as keep-alives): dropped.
        flush(i);
        passFrom = ++i;
      } else {
        const end = blankLine(buf, i);
        if (end < 0 || end - i > this.limits.headBytes) {
          if (buf.length - i > this.limits.headBytes)
            return this.stop({ code: 'RTSP_HEAD_TOO_LARGE', detail: `an RTSP head over ${this.limits.headBytes} bytes` });
          return keep(i);
        }
        flush(i);
        const head = latin1Text(buf, i, end);
        const held = end + BLANK_LINE - i;
        i += held;
        passFrom = i;
        const checked = this.check(head);
        if (checked) return this.stop(checked);
        const length = contentLength(head, this.limits.bodyBytes);
        if (isFault(length)) return this.stop(length);
        if (length > 0) this.waiting = { head, length, held };
        else out({ kind: 'message', head, body: EMPTY });
      }
    }
    flush(buf.length);
    return null;
  }

  private stop(fault: RtspFault): RtspFault {
    this.fault = fault;
    this.carry = EMPTY;
    this.waiting = null;
    this.passing = 0;
    return fault;
  }
}
