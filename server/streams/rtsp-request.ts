/**
 * RTSP 1.0 requests (RFC 2326) read from one connection's bytes, with the relay's bounds: a request's
 * line and headers at most `headBytes`, at most `headers` of them, a body at most `bodyBytes`, and the
 * interleaved frames a player sends back (`$`, channel, length: its RTCP receiver reports) skipped.
 * Pure code, no I/O; one parser per connection.
 */

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
export type ParsedItem = { kind: 'request'; request: RtspRequest } | { kind: 'error'; status: 400 | 413 | 431 | 505; reason: string };

const REQUEST_LINE = /^([A-Z_]{1,32}) (\S{1,2048}) RTSP\/(\d\.\d)$/;
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):[ \t]*(.*?)[ \t]*$/;
const HEAD_END = Buffer.from('\r\n\r\n');

export class RtspRequestParser {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of an interleaved frame still to skip. */
  private skipping = 0;
  private failed = false;

  constructor(private readonly limits = REQUEST_LIMITS) {}

  /** Whether a request or interleaved frame has begun and not ended (bare CRLFs between requests are dropped as they come). */
  get partial(): boolean {
    return !this.failed && (this.skipping > 0 || this.pending.length > 0);
  }

  /** Everything whole in `chunk` and what came before it; after an error, nothing more. */
  push(chunk: Buffer): ParsedItem[] {
    if (this.failed) return [];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: ParsedItem[] = [];
    for (;;) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, this.pending.length);
        this.skipping -= n;
        this.pending = this.pending.subarray(n);
        if (this.skipping > 0) break;
      }
      if (this.pending.length === 0) break;
      if (this.pending[0] === 0x24) {
        // `$`, channel, 16-bit length: a frame the player sends on the interleaved channels (RTCP), not read.
        if (this.pending.length < 4) break;
        this.skipping = this.pending.readUInt16BE(2);
        this.pending = this.pending.subarray(4);
        continue;
      }
      const item = this.next();
      if (!item) break;
      out.push(item);
      if (item.kind === 'error') {
        this.failed = true;
        this.pending = Buffer.alloc(0);
        break;
      }
    }
    if (!this.failed && this.pending.length > this.limits.pendingBytes) {
      this.failed = true;
      out.push({ kind: 'error', status: 431, reason: 'request too large' });
    }
    // Keep no view into a large chunk past this call: copy the remainder.
    this.pending = Buffer.from(this.pending);
    return out;
  }

  private next(): ParsedItem | null {
    // Players may send a bare CRLF between requests.
    while (this.pending[0] === 0x0d || this.pending[0] === 0x0a) this.pending = this.pending.subarray(1);
    const end = this.pending.indexOf(HEAD_END);
    if (end < 0) return this.pending.length > this.limits.headBytes ? { kind: 'error', status: 431, reason: 'request head too large' } : null;
    if (end > this.limits.headBytes) return { kind: 'error', status: 431, reason: 'request head too large' };
    const lines = this.pending.subarray(0, end).toString('latin1').split('\r\n');
    const line = REQUEST_LINE.exec(lines[0]!);
    if (!line) return { kind: 'error', status: 400, reason: 'bad request line' };
    if (line[3] !== '1.0') return { kind: 'error', status: 505, reason: 'RTSP/1.0 only' };
    if (lines.length - 1 > this.limits.headers) return { kind: 'error', status: 431, reason: 'too many headers' };
    const headers = new Map<string, string>();
    for (const text of lines.slice(1)) {
      const h = HEADER.exec(text);
      if (!h) return { kind: 'error', status: 400, reason: 'bad header' };
      headers.set(h[1]!.toLowerCase(), h[2]!);
    }
    const raw = headers.get('content-length') ?? '0';
    if (!/^\d{1,9}$/.test(raw)) return { kind: 'error', status: 400, reason: 'bad Content-Length' };
    const length = Number(raw);
    if (length > this.limits.bodyBytes) return { kind: 'error', status: 413, reason: 'body too large' };
    const total = end + HEAD_END.length + length;
    if (this.pending.length < total) return null;
    const body = Buffer.from(this.pending.subarray(end + HEAD_END.length, total));
    this.pending = this.pending.subarray(total);
    // Only digits are echoed: a header value may hold a bare LF, which must not reach the answer.
    const cseq = /^\d{1,10}$/.test(headers.get('cseq') ?? '') ? headers.get('cseq')! : '';
    return { kind: 'request', request: { method: line[1]!, uri: line[2]!, headers, cseq, body } };
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
  const lines = [`RTSP/1.0 ${status} ${REASONS[status] ?? 'Error'}`];
  if (cseq !== '') lines.push(`CSeq: ${cseq}`);
  lines.push('Server: camrelay');
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== '') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}
