/**
 * RTSP 1.0 messages (RFC 2326) as text: a head's start line and headers read, a message written, and a request
 * held to the relay's grammar. The relay's RTSP server, the capture side's loopback hop and its talk-back client
 * all read messages here; rtsp-reader.ts cuts them out of a connection's bytes. Pure code, no I/O.
 */

/** One RTSP request or response: the start line, its headers in order, and its body (a Node caller's Buffer stays one). */
export interface RtspMessage<B extends Uint8Array = Uint8Array> {
  start: string;
  headers: [string, string][];
  body: B;
}

/** A request as the relay reads it: headers by lower-case name (a repeated header keeps its last value). */
export interface RtspRequestHead {
  method: string;
  uri: string;
  headers: Map<string, string>;
}

/** Why a head was refused: the code (shared/errors.ts) and what was wrong, worded to follow "… sent". */
export interface RtspFault {
  code:
    | 'RTSP_HEAD_TOO_LARGE'
    | 'RTSP_TOO_MANY_HEADERS'
    | 'RTSP_BAD_REQUEST'
    | 'RTSP_BAD_VERSION'
    | 'RTSP_BAD_CONTENT_LENGTH'
    | 'RTSP_BODY_TOO_LARGE'
    | 'RTSP_MESSAGE_TOO_LARGE';
  detail: string;
}

import { concat } from './bytes.js';

const REQUEST_LINE = /^([A-Z_]{1,32}) (\S{1,2048}) RTSP\/(\d\.\d)$/;
const CONTENT_LENGTH = /content-length/i;
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):[ \t]*(.*?)[ \t]*$/;

/** A head (start line and headers, no blank line) and its body; a header line without a colon is left out. */
export function parseMessage<B extends Uint8Array>(head: string, body: B): RtspMessage<B> {
  const [start = '', ...lines] = head.split('\r\n');
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { start, headers, body };
}

/** The message's bytes, its Content-Length from the body it carries (whatever the headers said). */
export function serializeMessage(m: RtspMessage): Uint8Array {
  const headers = m.headers.filter(([name]) => name.toLowerCase() !== 'content-length');
  if (m.body.length > 0) headers.push(['Content-Length', String(m.body.length)]);
  const head = [m.start, ...headers.map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n');
  return concat(latin1Bytes(head), m.body);
}

/** Text as latin1 bytes (a character's low byte), as RTSP heads are written. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes as latin1 text: every byte one character, none refused (a head is read before it is judged). */
export function latin1Text(bytes: Uint8Array, from = 0, to = bytes.length): string {
  let out = '';
  // In steps: fromCharCode takes its bytes as arguments, and a call has a bounded number of them (apply, not a
  // spread: a typed array's iterator made a request three times as costly to read).
  for (let i = from; i < to; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return out;
}

/** The first header of `name`, any case. */
export function getHeader(m: RtspMessage, name: string): string | undefined {
  return m.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/** Replaces the first header of `name` (keeping its spelling), or adds one. */
export function setHeader(m: RtspMessage, name: string, value: string): void {
  const at = m.headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
  if (at >= 0) m.headers[at] = [m.headers[at]![0], value];
  else m.headers.push([name, value]);
}

export function isResponse(m: RtspMessage): boolean {
  return m.start.startsWith('RTSP/');
}

/** A response's status code; 0 for a request or a start line that is not `RTSP/1.x NNN`. */
export function responseStatus(m: RtspMessage): number {
  return Number(/^RTSP\/1\.\d (\d{3})/.exec(m.start)?.[1] ?? 0);
}

/** A Session header's id, without its parameters (`;timeout=60`). */
export function sessionId(value: string): string {
  return value.split(';')[0]!.trim();
}

/** The first channel a Transport header's `interleaved=` names (up to three digits), null when it names none. */
export function interleavedChannel(transport: string): number | null {
  const m = /interleaved=(\d{1,3})(?:-(\d{1,3}))?/.exec(transport);
  return m ? Number(m[1]) : null;
}

/**
 * The body's length a head states: its last Content-Length, 0 when none, or a fault when it is not 1 to 9
 * digits or is over `bodyBytes`.
 */
export function contentLength(head: string, bodyBytes: number): number | RtspFault {
  let raw = '0';
  // Most messages carry no body: their lines are not split again.
  if (!CONTENT_LENGTH.test(head)) return 0;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).toLowerCase() === 'content-length') raw = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  }
  if (!/^\d{1,9}$/.test(raw)) return { code: 'RTSP_BAD_CONTENT_LENGTH', detail: `an RTSP body of ${JSON.stringify(raw)} bytes (Content-Length)` };
  const length = Number(raw);
  if (length > bodyBytes) return { code: 'RTSP_BODY_TOO_LARGE', detail: `an RTSP body of ${length} bytes (at most ${bodyBytes})` };
  return length;
}

/**
 * A request head held to the relay's grammar: `METHOD uri RTSP/1.0`, at most `maxHeaders` headers, each a token
 * name and a value with no bare CR or LF (a value that reached an answer must not split it).
 */
export function readRequestHead(head: string, maxHeaders: number): RtspRequestHead | RtspFault {
  const lines = head.split('\r\n');
  const line = REQUEST_LINE.exec(lines[0]!);
  if (!line) return { code: 'RTSP_BAD_REQUEST', detail: 'a bad RTSP request line' };
  if (line[3] !== '1.0') return { code: 'RTSP_BAD_VERSION', detail: `RTSP/${line[3]} (RTSP/1.0 only)` };
  if (lines.length - 1 > maxHeaders) return { code: 'RTSP_TOO_MANY_HEADERS', detail: `${lines.length - 1} RTSP headers (at most ${maxHeaders})` };
  const headers = new Map<string, string>();
  for (const text of lines.slice(1)) {
    const h = HEADER.exec(text);
    if (!h) return { code: 'RTSP_BAD_REQUEST', detail: 'a bad RTSP header line' };
    headers.set(h[1]!.toLowerCase(), h[2]!);
  }
  return { method: line[1]!, uri: line[2]!, headers };
}

export function isFault(x: object | number): x is RtspFault {
  return typeof x === 'object' && 'code' in x;
}
