/**
 * One RTSP connection as a client (RFC 2326): requests sent one at a time with their CSeq, answers read with the
 * bounded framer the loopback hop uses, a 401 answered once with the URL's user and password (Digest or Basic), and
 * the session's id kept. Interleaved frames the server sends (RTCP, media of a track not set up) are read and
 * dropped. Only what the talk-back channel needs: the media go the other way, written with `write`.
 */
import net from 'node:net';
import { CamrelayError } from '../../shared/errors.js';
import { authorizerFor, type Authorizer } from '../sources/digest-auth.js';
import { RtspFramer } from '../sources/rtsp-hop-framer.js';
import type { RtspMessage } from '../sources/rtsp-hop-session.js';
import { getHeader, parseMessage, responseStatus, serializeMessage, sessionId } from '../../common/codec/rtsp-message.js';

/** How long one request may wait for its answer. */
export const RTSP_ANSWER_MS = 5000;

export interface RtspAnswer {
  status: number;
  message: RtspMessage;
}

export class RtspClient {
  private cseq = 0;
  private auth: Authorizer | null = null;
  private waiting: { resolve: (m: RtspMessage) => void; reject: (e: Error) => void } | null = null;
  private ended: Error | null = null;
  session: string | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly user: string,
    private readonly password: string,
  ) {
    const framer = new RtspFramer('the camera');
    socket.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, (piece) => {
          if (piece.kind !== 'message') return;
          const w = this.waiting;
          this.waiting = null;
          w?.resolve(parseMessage(piece.head, piece.body));
        });
      } catch (e) {
        this.fail(e as Error);
        socket.destroy();
      }
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new CamrelayError('TALK_FAILED', 'The camera closed the talk-back connection.')));
  }

  /** Connects to `rtsp://host:port`; the user and password answer the camera's 401s. */
  static connect(host: string, port: number, user: string, password: string): Promise<RtspClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new CamrelayError('TALK_FAILED', `The camera at ${host}:${port} did not answer within ${RTSP_ANSWER_MS / 1000} s.`));
      }, RTSP_ANSWER_MS);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new CamrelayError('TALK_FAILED', `The camera at ${host}:${port} could not be reached: ${e.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new RtspClient(socket, user, password));
      });
    });
  }

  /** Sends one request and waits for its answer; a 401 is answered once with the credentials. */
  async request(method: string, url: string, headers: [string, string][] = []): Promise<RtspAnswer> {
    let answer = await this.once(method, url, headers);
    if (answer.status === 401 && (this.user || this.password)) {
      const challenges = answer.message.headers.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([, v]) => v);
      this.auth = authorizerFor(challenges, this.user, this.password);
      if (this.auth) answer = await this.once(method, url, headers);
    }
    const session = getHeader(answer.message, 'Session');
    if (session) this.session = sessionId(session);
    return answer;
  }

  /** Media (interleaved RTP) to the camera; false when the socket is behind by more than `maxBuffered` bytes. */
  write(bytes: Uint8Array, maxBuffered: number): boolean {
    if (this.ended || this.socket.writableLength > maxBuffered) return false;
    this.socket.write(bytes);
    return true;
  }

  get closed(): boolean {
    return this.ended !== null;
  }

  close(): void {
    this.fail(new CamrelayError('TALK_FAILED', 'The talk-back connection was closed.'));
    this.socket.destroy();
  }

  private once(method: string, url: string, extra: [string, string][]): Promise<RtspAnswer> {
    if (this.ended) return Promise.reject(this.ended);
    const headers: [string, string][] = [['CSeq', String(++this.cseq)], ['User-Agent', 'camrelay'], ...extra];
    if (this.session) headers.push(['Session', this.session]);
    if (this.auth) headers.push(['Authorization', this.auth(method, url)]);
    return new Promise<RtspAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new CamrelayError('TALK_FAILED', `The camera did not answer ${method} within ${RTSP_ANSWER_MS / 1000} s.`));
      }, RTSP_ANSWER_MS);
      this.waiting = {
        resolve: (message) => {
          clearTimeout(timer);
          resolve({ status: responseStatus(message), message });
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.write(serializeMessage({ start: `${method} ${url} RTSP/1.0`, headers, body: Buffer.alloc(0) }));
    });
  }

  private fail(e: Error): void {
    this.ended ??= e;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(e);
  }
}
