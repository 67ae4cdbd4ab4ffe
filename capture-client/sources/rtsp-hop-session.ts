/**
 * What the loopback hop (rtsp-hop.ts) changes in the RTSP messages between ffmpeg and the camera, so the
 * camera's password is never on ffmpeg's command line (#37): ffmpeg asks for
 * `rtsp://127.0.0.1:<port>/<random>/stream2`, the camera is asked for `rtsp://10.0.0.9:554/stream2`, its
 * 401 is answered here with the URL's user and password (Basic, or Digest: digest-auth.ts), and the
 * camera's own URLs (Content-Base, RTP-Info, the SDP's a=control) are given back as the hop's. Everything
 * else (Session, Transport, Range, the media) is left as it came. Pure: no I/O.
 */
import { getHeader, isResponse, serializeMessage as messageBytes, setHeader, type RtspMessage as CodecMessage } from '../../common/codec/rtsp-message.js';
import { authorizerFor, type Authorizer } from './digest-auth.js';

// The hop's callers and tests have read messages from here; the parser itself is the codec's.
export { getHeader, parseMessage } from '../../common/codec/rtsp-message.js';

/** A message as the capture side holds it: its body a Buffer. */
export type RtspMessage = CodecMessage<Buffer>;

/** The codec's message bytes as a Buffer (a view, not a copy), as the hop's sockets take them. */
export function serializeMessage(m: RtspMessage): Buffer {
  const bytes = messageBytes(m);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface RtspHopSessionOptions {
  /** What ffmpeg is given, up to the camera's path: `rtsp://127.0.0.1:40123/9f…`. */
  loopback: string;
  /** The camera as the hop reaches it: `rtsp://10.0.0.9:554` (scheme and host, no credentials, no path). */
  camera: string;
  /** From the camera's URL, percent-decoded. */
  user: string;
  password: string;
}

/** What to send on after one message. */
export interface HopStep {
  toCamera?: RtspMessage;
  toClient?: RtspMessage;
  /** A request for another address than the hop's own: the connection is not ffmpeg's, and is closed. */
  refused?: true;
}

/** Absolute RTSP URLs' scheme and authority (user info included), for the camera's URLs in its answers. */
const ORIGIN = /rtsps?:\/\/[^\s/;,"'<>]*/gi;

interface Pending {
  /** ffmpeg's CSeq, given back on the answer. */
  cseq: string;
  /** The request as sent, without Authorization, for a second try with it. */
  request: RtspMessage;
  method: string;
  uri: string;
  retried: boolean;
}

export class RtspHopSession {
  private auth: Authorizer | null = null;
  /** The camera's CSeq for the next request: ffmpeg's own numbers while no 401 was answered here. */
  private next: number | null = null;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly o: RtspHopSessionOptions) {}

  /** True for a request to the hop's own address (its random path): the first of ffmpeg's connection. */
  isOurs(m: RtspMessage): boolean {
    const uri = m.start.split(' ')[1] ?? '';
    return !isResponse(m) && this.ownUri(uri);
  }

  /** A message from ffmpeg: a request goes to the camera at its own address, with credentials once asked. */
  fromClient(m: RtspMessage): HopStep {
    if (isResponse(m)) return { toCamera: m };
    const [method = '', uri = '', version = 'RTSP/1.0'] = m.start.split(' ');
    if (uri !== '*' && !this.ownUri(uri)) return { refused: true };
    const cameraUri = uri === '*' ? uri : this.o.camera + uri.slice(this.o.loopback.length);
    const request: RtspMessage = {
      start: `${method} ${cameraUri} ${version}`,
      headers: m.headers.filter(([n]) => n.toLowerCase() !== 'authorization').map(([n, v]) => [n, v.split(this.o.loopback).join(this.o.camera)]),
      body: m.body,
    };
    const cseq = getHeader(m, 'CSeq') ?? '';
    return { toCamera: this.send({ cseq, request, method, uri: cameraUri, retried: false }) };
  }

  /** A message from the camera: its 401 answered here, its URLs made the hop's, ffmpeg's CSeq given back. */
  fromCamera(m: RtspMessage): HopStep {
    if (!isResponse(m)) return { toClient: this.toLoopback(m) };
    const cseq = Number(getHeader(m, 'CSeq'));
    const pending = this.pending.get(cseq);
    this.pending.delete(cseq);
    if (!pending) return { toClient: this.toLoopback(m) };
    const status = m.start.split(' ')[1];
    if (status === '401' && !pending.retried && this.authorize(m)) return { toCamera: this.send({ ...pending, retried: true }) };
    setHeader(m, 'CSeq', pending.cseq);
    return { toClient: this.toLoopback(m) };
  }

  private ownUri(uri: string): boolean {
    const rest = uri.slice(this.o.loopback.length);
    return uri.startsWith(this.o.loopback) && (rest === '' || rest.startsWith('/') || rest.startsWith('?'));
  }

  private send(p: Pending): RtspMessage {
    const first = Number(p.cseq);
    this.next ??= Number.isSafeInteger(first) ? first : 1;
    const cseq = this.next++;
    this.pending.set(cseq, p);
    const out: RtspMessage = { ...p.request, headers: [...p.request.headers] };
    setHeader(out, 'CSeq', String(cseq));
    if (this.auth) setHeader(out, 'Authorization', this.auth(p.method, p.uri));
    return out;
  }

  /** Takes the 401's challenge (Digest first, then Basic); false when there is nothing to answer it with. */
  private authorize(m: RtspMessage): boolean {
    if (!this.o.user && !this.o.password) return false;
    const challenges = m.headers.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([, v]) => v);
    const answer = authorizerFor(challenges, this.o.user, this.o.password);
    if (!answer) return false;
    this.auth = answer;
    return true;
  }

  /** The camera's absolute URLs, wherever ffmpeg reads one, as the hop's; a UDP Transport names the camera as its source. */
  private toLoopback(m: RtspMessage): RtspMessage {
    const local = (text: string): string => text.replace(ORIGIN, this.o.loopback);
    const [first = '', uri, ...rest] = m.start.split(' ');
    const start = isResponse(m) || uri === undefined ? m.start : [first, local(uri), ...rest].join(' ');
    const headers = m.headers.map(([n, v]): [string, string] => {
      const name = n.toLowerCase();
      if (name === 'content-base' || name === 'content-location' || name === 'location' || name === 'rtp-info') return [n, local(v)];
      if (name === 'transport') return [n, this.withSource(v)];
      return [n, v];
    });
    const sdp = /application\/sdp/i.test(getHeader(m, 'Content-Type') ?? '');
    const body = sdp
      ? Buffer.from(
          m.body.toString('latin1').replace(/^(a=control:)(.*)$/gim, (_, a: string, u: string) => a + local(u)),
          'latin1',
        )
      : m.body;
    return { start, headers, body };
  }

  /**
   * RTP over UDP goes from the camera to ffmpeg directly (the hop carries only the RTSP), and ffmpeg sends its
   * receiver reports to the RTSP server's address, the hop's: `source=` names the camera instead.
   */
  private withSource(transport: string): string {
    if (/interleaved=|source=/i.test(transport) || !/RTP\/AVP/i.test(transport)) return transport;
    const host = /^rtsps?:\/\/([^/:[\]]+)/i.exec(this.o.camera)?.[1];
    return host ? `${transport};source=${host}` : transport;
  }
}
