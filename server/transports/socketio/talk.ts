/**
 * Talk back through the relay (#40 item 4), beside PTZ (ptz.ts): an admin's (or a user's an admin let talk: mayTalk) `talk-start` on `/monitor` goes to the
 * camera's capture connection (which offered `talk`), whose answer comes back once the camera's back channel is open;
 * then that page's `talk` pieces go on to it, bounded in size, rate and how many may wait on a slow link. One talker per camera; the camera's entry names them, so every page watching
 * it shows who talks. It ends on `talk-stop`, on either side leaving, or after TALK_IDLE_MS without sound.
 */
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { CamrelayError } from '../../../shared/errors.js';
import { TALK_IDLE_MS, TALK_OPEN_MS, TALK_PIECES_PER_S_MAX, talkCameraOf, talkPieceOf, type TalkEnded, type TalkReply } from '../../../shared/talk.js';
import { mayTalk, type Principal } from '../../auth/authenticator.js';
import type { Ingest } from '../../relay/ingest.js';

interface Capture {
  socket: Socket;
  ingest: Ingest;
  /** Pieces handed to the connection since its write buffer last went to the wire. */
  queued: number;
}

/**
 * Pieces that may wait for a slow capture connection: half a second of 20 ms pieces. Past it pieces are dropped (a
 * late word is worse than a lost one). Not `volatile`: that drops every piece but the first of a burst, as a page's
 * pieces come after a stall of its own.
 */
const QUEUED_PIECES_MAX = 25;

interface Talker {
  /** Who talks: a page's socket on this node, or another node's talk id (talk-cluster.ts). */
  owner: Socket | string;
  /** Tells the talker's page the talk ended, and why. */
  tell: (ended: TalkEnded) => void;
  user: string;
  /** Pieces taken in the current second, and when that second began. */
  pieces: number;
  second: number;
  idle: NodeJS.Timeout;
}

/** A capture side's (or another node's) answer, read field by field and bounded. */
export const replyOf = (answer: unknown): TalkReply => {
  const a = answer as { ok?: unknown; error?: unknown; message?: unknown } | null;
  if (a?.ok === true) return { ok: true };
  const error = typeof a?.error === 'string' ? a.error.slice(0, 64) : 'TALK_FAILED';
  const message = typeof a?.message === 'string' ? a.message.slice(0, 500) : new CamrelayError('TALK_FAILED').message;
  return { ok: false, error, message };
};

/** Counts a piece of a talk (`pieces` taken in the `second` that began then): false past TALK_PIECES_PER_S_MAX. */
export function withinRate(count: { pieces: number; second: number }, now: number): boolean {
  if (now - count.second >= 1000) [count.pieces, count.second] = [0, now];
  return ++count.pieces <= TALK_PIECES_PER_S_MAX;
}

/** Talks through cameras another node holds, for this node's pages (talk-cluster.ts). */
export interface TalkElsewhere {
  reachable(): boolean;
  start(socket: Socket, cameraId: string, user: string): Promise<TalkReply>;
  piece(socket: Socket, cameraId: string, pcm: Uint8Array): void;
  stop(socket: Socket, cameraId: string): void;
  left(socket: Socket): void;
}

const unsupported = () =>
  new CamrelayError('TALK_UNSUPPORTED', "This camera's capture program cannot talk to it (it is offline, or not an IP camera with talk-back).").toJSON();

export class TalkRelay {
  private readonly captures = new Map<string, Capture>();
  private readonly talkers = new Map<string, Talker>();
  /** Other nodes' talks being opened here: one stopped meanwhile is closed as soon as it opens. */
  private readonly opening = new Set<string>();
  private elsewhere: TalkElsewhere | null = null;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** In a cluster: a page here may talk through a camera another node holds. */
  reachOthers(elsewhere: TalkElsewhere): void {
    this.elsewhere = elsewhere;
  }

  /** Whether this node holds the camera's talking capture connection. */
  holds(cameraId: string): boolean {
    return this.captures.has(cameraId);
  }

  /** A capture connection that offered `talk`: its camera's entry says it can talk until the connection ends. */
  capture(socket: Socket, cameraId: string, ingest: Ingest): void {
    const capture: Capture = { socket, ingest, queued: 0 };
    this.captures.set(cameraId, capture);
    ingest.setTalk({});
    socket.conn.on('drain', () => (capture.queued = 0));
    // The camera side ended it (its back channel failed or closed): the talker is told why.
    socket.on('talk-ended', (why: unknown) => this.end(cameraId, replyOf(why), false));
    socket.on('disconnect', () => {
      if (this.captures.get(cameraId)?.socket !== socket) return;
      this.end(cameraId, { ok: false, error: 'TALK_FAILED', message: "The camera's capture program disconnected." }, false);
      this.captures.delete(cameraId);
    });
  }

  /** A dashboard connection: `talk-start` (answered in its ack), `talk` pieces and `talk-stop`. */
  monitor(socket: Socket, principal: Principal): void {
    socket.on('talk-start', (req: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: TalkReply) => void) : () => {};
      this.start(socket, req, principal).then(reply, (error: unknown) => {
        this.log.warn({ err: error }, 'talk start failed');
        reply(new CamrelayError('TALK_FAILED').toJSON());
      });
    });
    socket.on('talk', (req: unknown, data: unknown) => {
      const cameraId = talkCameraOf(req);
      const pcm = talkPieceOf(data);
      if (!cameraId || !pcm) return;
      if (this.captures.has(cameraId)) this.piece(socket, cameraId, pcm);
      else this.elsewhere?.piece(socket, cameraId, pcm);
    });
    socket.on('talk-stop', (req: unknown) => {
      const cameraId = talkCameraOf(req);
      if (!cameraId) return;
      if (this.talkers.get(cameraId)?.owner === socket) this.end(cameraId, null, true);
      else this.elsewhere?.stop(socket, cameraId);
    });
    socket.on('disconnect', () => {
      for (const [cameraId, t] of this.talkers) if (t.owner === socket) this.end(cameraId, null, true);
      this.elsewhere?.left(socket);
    });
  }

  private async start(socket: Socket, req: unknown, principal: Principal): Promise<TalkReply> {
    const cameraId = talkCameraOf(req);
    if (!cameraId) return new CamrelayError('BAD_TALK').toJSON();
    if (!mayTalk(principal, cameraId)) return new CamrelayError('TALK_NOT_ALLOWED').toJSON();
    if (!this.captures.has(cameraId)) return this.elsewhere?.reachable() ? this.elsewhere.start(socket, cameraId, principal.username) : unsupported();
    const tell = (ended: TalkEnded) => void socket.emit('talk-ended', ended);
    return this.open(cameraId, principal.username, socket, tell, () => socket.disconnected);
  }

  /** Another node's page starts talking through a camera held here; `talkId` names the talk from now on. */
  startFor(talkId: string, cameraId: string, user: string, tell: (ended: TalkEnded) => void): Promise<TalkReply> {
    if (!this.captures.has(cameraId)) return Promise.resolve(unsupported());
    this.opening.add(talkId);
    return this.open(cameraId, user, talkId, tell, () => !this.opening.has(talkId)).finally(() => this.opening.delete(talkId));
  }

  /** A piece of another node's talk. */
  pieceFor(talkId: string, cameraId: string, pcm: Uint8Array): void {
    this.piece(talkId, cameraId, pcm);
  }

  /** Another node's page stopped talking (or left). */
  stopFor(talkId: string, cameraId: string): void {
    this.opening.delete(talkId);
    if (this.talkers.get(cameraId)?.owner === talkId) this.end(cameraId, null, true);
  }

  /** Opens the camera's back channel for `owner`; `gone`: whether the talker left while it opened. */
  private async open(cameraId: string, user: string, owner: Socket | string, tell: Talker['tell'], gone: () => boolean): Promise<TalkReply> {
    const capture = this.captures.get(cameraId);
    if (!capture) return unsupported();
    const current = this.talkers.get(cameraId);
    if (current && current.owner !== owner)
      return new CamrelayError('TALK_BUSY', `${current.user} is talking through this camera now; try again when they stop.`).toJSON();
    if (current) return { ok: true };
    const answer = await new Promise<TalkReply>((resolve) => {
      capture.socket
        .timeout(TALK_OPEN_MS)
        .emit('talk-start', {}, (err: Error | null, a: unknown) =>
          resolve(err ? new CamrelayError('TALK_FAILED', 'The capture program did not open the camera’s back channel in time.').toJSON() : replyOf(a)),
        );
    });
    // The page or the capture side may have left while the camera was asked.
    if (!answer.ok || gone() || this.captures.get(cameraId) !== capture) {
      if (answer.ok) capture.socket.emit('talk-stop', {});
      return answer.ok ? new CamrelayError('TALK_FAILED', 'The talk ended before it began.').toJSON() : answer;
    }
    // Asked twice while the camera opened (the capture side answers both from its one opening): the same page pressing
    // again after a quick stop talks on; another is told who was first. The back channel is the first talker's, so it
    // stays open either way.
    const first = this.talkers.get(cameraId);
    if (first)
      return first.owner === owner
        ? { ok: true }
        : new CamrelayError('TALK_BUSY', `${first.user} is talking through this camera now; try again when they stop.`).toJSON();
    const idle = setTimeout(
      () => this.end(cameraId, { ok: false, error: 'TALK_FAILED', message: 'No sound came for 10 s: the talk was ended.' }, true),
      TALK_IDLE_MS,
    );
    idle.unref();
    this.talkers.set(cameraId, { owner, tell, user, pieces: 0, second: this.now(), idle });
    capture.ingest.setTalk({ talking: user });
    this.log.info({ cameraId, user, ...(typeof owner === 'string' ? { from: 'another node' } : {}) }, 'talking through the camera');
    return { ok: true };
  }

  private piece(owner: Socket | string, cameraId: string, pcm: Uint8Array): void {
    const talker = this.talkers.get(cameraId);
    if (!talker || talker.owner !== owner) return;
    if (!withinRate(talker, this.now())) return;
    talker.idle.refresh();
    const capture = this.captures.get(cameraId);
    if (!capture || capture.queued >= QUEUED_PIECES_MAX) return;
    capture.queued++;
    capture.socket.emit('talk', pcm);
  }

  /** Ends the camera's talk: the capture side told to close (unless it ended it), the page told why (unless it asked). */
  private end(cameraId: string, why: TalkReply | null, tellCapture: boolean): void {
    const talker = this.talkers.get(cameraId);
    if (!talker) return;
    this.talkers.delete(cameraId);
    clearTimeout(talker.idle);
    const capture = this.captures.get(cameraId);
    if (tellCapture) capture?.socket.emit('talk-stop', {});
    capture?.ingest.setTalk({});
    if (why && !why.ok) talker.tell({ cameraId, error: why.error, message: why.message });
    this.log.info({ cameraId, user: talker.user, ...(why && !why.ok ? { code: why.error } : {}) }, 'talk ended');
  }
}
