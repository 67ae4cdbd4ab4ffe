/**
 * RTSP 1.0 requests (RFC 2326) read from one connection's bytes, with the relay's bounds: a request's
 * line and headers at most `headBytes`, at most `headers` of them, a body at most `bodyBytes`, and the
 * interleaved frames a player sends back (`$`, channel, length: its RTCP receiver reports) skipped.
 * The bytes are cut and the heads read by the codec (common/codec/rtsp-reader.ts, rtsp-message.ts); one parser per connection.
 */
import { RtspReader } from '../../common/codec/rtsp-reader.js';
import { isFault, readRequestHead, serializeMessage, type RtspFault, type RtspRequestHead } from '../../common/codec/rtsp-message.js';
import { ERROR_CODES } from '../../shared/errors.js';

export const REQUEST_LIMITS = {
  /** The request line and headers together; a player's DESCRIBE is a few hundred bytes. */
  headBytes: 8 * 1024,
  headers: 32,
  /** Players send bodies only with SET_PARAMETER/ANNOUNCE; a body past this ends the connection. */
  bodyBytes: 4 * 1024,
  /** Bytes waiting for the end of a request at most (the head, and a body or interleaved frame). */
  pendingBytes: 80 * 1024,
};

export interface RtspRequest {
  method: string;
  uri: string;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Map<string, string>;
  /** CSeq as sent (echoed in the answer), '' when missing or not a number. */
  cseq: string;
  body: Buffer;
}

/** What the parser read: a request, or why the connection must end (answered with `status` first). */
export type ParsedItem = { kind: 'request'; request: RtspRequest } | { kind: 'error'; status: number; reason: string };

const NO_BODY = Buffer.alloc(0);

/** The answer's reason per fault, as the relay has always logged them. */
const REASON: Record<RtspFault['code'], string> = {
  RTSP_HEAD_TOO_LARGE: 'request head too large',
  RTSP_TOO_MANY_HEADERS: 'too many headers',
  RTSP_BAD_REQUEST: 'bad request',
  RTSP_BAD_VERSION: 'RTSP/1.0 only',
  RTSP_BAD_CONTENT_LENGTH: 'bad Content-Length',
  RTSP_BODY_TOO_LARGE: 'body too large',
  RTSP_MESSAGE_TOO_LARGE: 'request too large',
};

export class RtspRequestParser {
  private readonly reader: RtspReader;
  private failed = false;
  /** The head the reader's check read last: its message is the next one out (its body comes between, no other head). */
  private head: RtspRequestHead | null = null;

  constructor(limits = REQUEST_LIMITS) {
    this.reader = new RtspReader(limits, (text) => {
      const read = readRequestHead(text, limits.headers);
      if (isFault(read)) return read;
      this.head = read;
      return null;
    });
  }

  /** Whether a request or interleaved frame has begun and not ended (bare CRLFs between requests are dropped as they come). */
  get partial(): boolean {
    return !this.failed && this.reader.partial;
  }

  /** Everything whole in `chunk` and what came before it; after an error, nothing more. */
  push(chunk: Buffer): ParsedItem[] {
    if (this.failed) return [];
    const out: ParsedItem[] = [];
    const fault = this.reader.push(chunk, (piece) => {
      if (piece.kind === 'message') out.push({ kind: 'request', request: this.request(piece.body) });
    });
    if (fault) {
      this.failed = true;
      out.push({ kind: 'error', status: ERROR_CODES[fault.code].status, reason: REASON[fault.code] });
    }
    return out;
  }

  /** The request the head the check read and `body` make. */
  private request(body: Uint8Array): RtspRequest {
    const head = this.head!;
    // Only digits are echoed: a header value may hold a bare LF, which must not reach the answer.
    const cseq = /^\d{1,10}$/.test(head.headers.get('cseq') ?? '') ? head.headers.get('cseq')! : '';
    // A copy: the body may be a view into a large chunk (an empty one is shared: Buffer.from(empty) costs a microsecond).
    return { method: head.method, uri: head.uri, headers: head.headers, cseq, body: body.length === 0 ? NO_BODY : Buffer.from(body) };
  }
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  461: 'Unsupported Transport',
  503: 'Service Unavailable',
  505: 'RTSP Version Not Supported',
};

/** One RTSP answer's bytes; `body` (an SDP) gets its Content-Length. */
export function rtspResponse(status: number, cseq: string, headers: Record<string, string> = {}, body = ''): Buffer {
  const lines: [string, string][] = cseq !== '' ? [['CSeq', cseq]] : [];
  lines.push(['Server', 'camrelay'], ...Object.entries(headers));
  const bytes = serializeMessage({ start: `RTSP/1.0 ${status} ${REASONS[status] ?? 'Error'}`, headers: lines, body: Buffer.from(body, 'utf8') });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
