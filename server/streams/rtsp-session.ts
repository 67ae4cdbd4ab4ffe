/**
 * One RTSP connection: its requests (OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER as a
 * keep-alive) and, once it PLAYs, its RtspPlayer. RTP goes over the same TCP connection, interleaved;
 * a SETUP for UDP is answered 461 so ffmpeg and VLC ask again for TCP. The first request that names a
 * camera with a stream token binds the connection to that camera and token: later requests may leave the
 * token out (players send SETUP and PLAY to the Content-Base, which carries none), but never name another.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import { interleavedChannel, sessionId } from '../../common/codec/rtsp-message.js';
import type { ErrorCodeName } from '../../shared/errors.js';
import { validateCameraId } from '../../shared/validate.js';
import { RtspRequestParser, rtspResponse, type RtspRequest } from './rtsp-request.js';
import { AUDIO_CONTROL, TRACK_CONTROL } from './rtsp-sdp.js';
import { tokenOf } from './stream-auth.js';
import type { RtspPlayer } from './rtsp-player.js';

export const SESSION_DEFAULTS = {
  /** A connection that is not playing and sends no whole request for this long is closed. */
  idleMs: 30_000,
  /** A request (or interleaved frame) begun must end within this: a byte now and then does not hold a connection. */
  requestMs: 10_000,
  /** Unsent bytes in the connection's buffer at most before an answer is written; past it requests wait for 'drain'. */
  unsentBytes: 64 * 1024,
  /** A connection not playing whose answers have not drained for this long reads nothing: it is closed. */
  stallMs: 10_000,
  /** The Session header's timeout, seconds: players send a keep-alive within it. */
  sessionTimeoutS: 60,
};

/** Pipelined requests held at most: a DESCRIBE may wait seconds, and a player sends one request at a time. */
const MAX_WAITING = 8;
const PUBLIC = 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER';

/** What the server does for a session: who may read, what a camera's SDP is, and the players' limits. */
export interface RtspHost {
  /** The token's id when `token` opens `cameraId`; 'bad' (wrong, revoked, another camera's) or 'blocked' (too many wrong). */
  authorize(cameraId: string, token: string, address: string): string | 'bad' | 'blocked';
  /** Whether a token the connection was bound to is still there (not revoked, its camera not deleted). */
  valid(tokenId: string): boolean;
  /** The camera's SDP once its first keyframe is here (and the sound track it describes); a status when it is not a camera or sends no H.264. */
  describe(cameraId: string, address: string): Promise<{ sdp: string; audio: AudioTrack | null } | { status: 404 | 503 }>;
  /** A request refused or a connection closed for breaking a bound (logged once per address and kind, each counted in /metrics). */
  refused(code: ErrorCodeName, address: string, message?: string): void;
  /** A player for the camera, or null when the readers' limits are reached; `sound` when its sound track was set up. */
  play(socket: Socket, cameraId: string, tokenId: string, channel: number, sound: { channel: number; track: AudioTrack } | null): RtspPlayer | null;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string; after?: () => void };

/** The camera a request's URL names (its first path segment), the track (its second), the URL's base for Content-Base, and its token. */
function parseUri(uri: string): { cameraId: string | null; audio: boolean; base: string; token: string | undefined } | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'rtsp:') return null;
  const parts = url.pathname.split('/').filter((p) => p !== '');
  if (parts.length > 2 || (parts.length === 2 && parts[1] !== TRACK_CONTROL && parts[1] !== AUDIO_CONTROL))
    return { cameraId: null, audio: false, base: '', token: undefined };
  const id = validateCameraId(parts[0] === undefined ? undefined : decodeURIComponent(parts[0]));
  const base = `rtsp://${url.host}/${parts[0] ?? ''}/`;
  return { cameraId: id.ok ? id.value : null, audio: parts[1] === AUDIO_CONTROL, base, token: url.searchParams.get('token') ?? undefined };
}

export class RtspSession {
  readonly id = randomBytes(8).toString('hex');
  private readonly parser = new RtspRequestParser();
  private readonly idle: NodeJS.Timeout;
  /** Runs while a request has begun and not ended. */
  private unfinished: NodeJS.Timeout | null = null;
  private cameraId: string | null = null;
  private tokenId: string | null = null;
  private channel: number | null = null;
  /** The sound track the DESCRIBE offered, and the channel its SETUP chose. */
  private audio: AudioTrack | null = null;
  private audioChannel: number | null = null;
  private player: RtspPlayer | null = null;
  /** Requests are answered one at a time, in order (a DESCRIBE may wait for the camera's first keyframe). */
  private queue: Promise<void> = Promise.resolve();
  /** Requests read and not yet answered; past `MAX_WAITING` the connection is not read until they are. */
  private waiting = 0;

  constructor(
    private readonly socket: Socket,
    private readonly host: RtspHost,
    private readonly address: string,
    private readonly o = SESSION_DEFAULTS,
  ) {
    // A playing connection is held by its player (it ends when the player stalls or the token goes), not by requests.
    this.idle = setTimeout(() => this.player === null && socket.destroy(), o.idleMs);
    this.idle.unref();
    socket.on('data', (chunk: Buffer) => this.take(chunk));
    socket.once('close', () => {
      clearTimeout(this.idle);
      if (this.unfinished) clearTimeout(this.unfinished);
      this.player?.end('client');
    });
  }

  /** Bytes waiting in the connection's buffer now: RTP while it plays, answers the peer has not read. */
  get queuedBytes(): number {
    return this.socket.writableLength;
  }

  /** Ends the session's player (the connection with it) or, when it plays nothing, the connection. */
  end(reason: 'shutdown'): void {
    if (this.player) this.player.end(reason);
    else this.socket.destroy();
  }

  private take(chunk: Buffer): void {
    const items = this.parser.push(chunk);
    this.timeUnfinished(items.length > 0);
    for (const item of items) {
      if (item.kind === 'error') {
        this.socket.end(rtspResponse(item.status, ''));
        // A peer that reads nothing must not keep the socket after the answer.
        return void setTimeout(() => this.socket.destroy(), 2000).unref();
      }
      // Only a whole request shows a player is there: a byte now and then (CRLFs, half a head) does not.
      this.idle.refresh();
      const request = item.request;
      if (++this.waiting > MAX_WAITING) this.socket.pause();
      this.queue = this.queue
        .then(async () => {
          if (this.socket.destroyed) return;
          const answer = await this.answer(request);
          const headers = { ...(answer.headers ?? {}) };
          if (this.channel !== null && request.method !== 'OPTIONS') headers.Session ??= `${this.id};timeout=${this.o.sessionTimeoutS}`;
          // Answers go out as the peer reads them, not as fast as it pipelines requests (#55).
          await this.room();
          if (this.socket.destroyed) return;
          this.socket.write(rtspResponse(answer.status, request.cseq, headers, answer.body));
          answer.after?.();
          if (--this.waiting <= MAX_WAITING && this.socket.isPaused()) this.socket.resume();
        })
        .catch(() => void this.socket.destroy());
    }
  }

  /** Starts the deadline of a request begun (again when `ended` one), and stops it when none is unfinished. */
  private timeUnfinished(ended: boolean): void {
    if (this.unfinished && (ended || !this.parser.partial)) {
      clearTimeout(this.unfinished);
      this.unfinished = null;
    }
    if (this.unfinished || !this.parser.partial) return;
    this.unfinished = setTimeout(() => {
      this.unfinished = null;
      // Not read because its answers wait: the rest of the request cannot have come (the stall deadline covers that).
      if (this.socket.isPaused()) return this.timeUnfinished(false);
      this.host.refused('RTSP_REQUEST_TIMEOUT', this.address);
      this.socket.destroy();
    }, this.o.requestMs);
    this.unfinished.unref();
  }

  /** Resolves once the connection holds at most `unsentBytes` unsent; one that does not drain in `stallMs` is closed. */
  private room(): Promise<void> {
    if (this.socket.writableLength <= this.o.unsentBytes) return Promise.resolve();
    return new Promise((resolve) => {
      // A playing connection's buffer is its player's: RtspPlayer cuts it off when it stops draining.
      const stall = this.player
        ? null
        : setTimeout(() => {
            this.host.refused('RTSP_NOT_READING', this.address);
            this.socket.destroy();
          }, this.o.stallMs);
      const done = () => {
        if (stall) clearTimeout(stall);
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private async answer(req: RtspRequest): Promise<Answer> {
    if (req.method === 'OPTIONS') return { status: 200, headers: { Public: PUBLIC } };
    if (req.method === 'GET_PARAMETER' || req.method === 'SET_PARAMETER') return { status: 200 };
    if (!['DESCRIBE', 'SETUP', 'PLAY', 'TEARDOWN'].includes(req.method)) return { status: 405, headers: { Allow: PUBLIC } };
    const target = parseUri(req.uri);
    if (!target) return { status: 400 };
    if (target.cameraId === null) return { status: 404 };
    const refused = this.authorize(target.cameraId, tokenOf(target.token, req.headers.get('authorization')));
    if (refused) return refused;
    const cameraId = target.cameraId;
    switch (req.method) {
      case 'DESCRIBE': {
        const d = await this.host.describe(cameraId, this.address);
        if ('status' in d) return { status: d.status };
        this.audio = d.audio;
        return { status: 200, headers: { 'Content-Type': 'application/sdp', 'Content-Base': target.base }, body: d.sdp };
      }
      case 'SETUP': {
        const transport = req.headers.get('transport') ?? '';
        // UDP would need a port pair per reader and a way through NAT; TCP is what every player falls back to.
        if (!/RTP\/AVP\/TCP/i.test(transport)) return { status: 461 };
        if (this.player) return { status: 455 };
        const channel = interleavedChannel(transport) ?? 0;
        if (channel > 254) return { status: 400 };
        if (target.audio) {
          // A sound track this session's DESCRIBE did not offer (none, or the player skipped it) cannot be set up.
          if (!this.audio) return { status: 404 };
          this.audioChannel = channel;
        } else this.channel = channel;
        return { status: 200, headers: { Transport: `RTP/AVP/TCP;unicast;interleaved=${channel}-${channel + 1}` } };
      }
      case 'PLAY': {
        if (this.channel === null) return { status: 455 };
        if (!this.sameSession(req)) return { status: 454 };
        if (this.player) return { status: 200, headers: { Range: 'npt=0.000-' } };
        const sound = this.audio && this.audioChannel !== null ? { channel: this.audioChannel, track: this.audio } : null;
        const player = this.host.play(this.socket, cameraId, this.tokenId!, this.channel, sound);
        if (!player) return { status: 503 };
        this.player = player;
        const info = [`url=${target.base}${TRACK_CONTROL};seq=${player.rtp.seq};rtptime=${player.firstTimestamp}`];
        if (player.sound) info.push(`url=${target.base}${AUDIO_CONTROL};seq=${player.sound.seq};rtptime=${player.sound.firstTimestamp}`);
        return { status: 200, headers: { Range: 'npt=0.000-', 'RTP-Info': info.join(',') }, after: () => player.start() };
      }
      default: {
        // TEARDOWN: the player goes; the connection closes once the answer is out.
        this.player?.end('client');
        this.player = null;
        return { status: 200, after: () => this.socket.end() };
      }
    }
  }

  /** A refusal, or null once the request may go on; binds the connection to its first camera and token. */
  private authorize(cameraId: string, token: string | undefined): Answer | null {
    const challenge = { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="camrelay stream"' } };
    if (this.cameraId !== null && cameraId !== this.cameraId) return challenge;
    if (token === undefined) return this.tokenId !== null && this.host.valid(this.tokenId) ? null : challenge;
    const id = this.host.authorize(cameraId, token, this.address);
    // Counted in /metrics: a player's first try without a token is the protocol's challenge, not a refusal.
    if (id === 'blocked') {
      this.host.refused('TOO_MANY_ATTEMPTS', this.address, 'rtsp request refused: too many wrong stream tokens');
      return { status: 429 };
    }
    if (id === 'bad' || (this.tokenId !== null && id !== this.tokenId)) {
      this.host.refused('BAD_STREAM_TOKEN', this.address, 'rtsp request refused: wrong stream token');
      return challenge;
    }
    this.cameraId = cameraId;
    this.tokenId = id;
    return null;
  }

  private sameSession(req: RtspRequest): boolean {
    const header = req.headers.get('session');
    const given = header === undefined ? undefined : sessionId(header);
    // A player that sends no Session header on one connection means this one.
    return given === undefined || given === this.id;
  }
}
