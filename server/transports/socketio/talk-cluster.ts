/**
 * Talk back across cluster nodes (#40 item 4): a page on one node talks through a camera whose capture connection
 * another node holds. The start goes out with `serverSideEmit` and an ack, as PTZ's does (ptz-cluster.ts); the holder
 * answers as it answers its own pages, and the talk is named by an id from then on. Pieces, the stop and the holder's
 * "ended" go out without acks through the Redis adapter. The holder counts the talk's rate, ends it when idle, and
 * names the talker on its camera's entry, which reaches every node's pages (camera-sync.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { CamrelayError } from '../../../shared/errors.js';
import { TALK_OPEN_MS, TALK_PIECE_MAX_BYTES, talkCameraOf, talkPieceOf, type TalkEnded, type TalkReply } from '../../../shared/talk.js';
import { askNodes } from './ask-nodes.js';
import { replyOf, withinRate, type TalkElsewhere, type TalkRelay } from './talk.js';

export const TALK_START = 'camrelay:talk-start';
export const TALK_PIECE = 'camrelay:talk-piece';
export const TALK_STOP = 'camrelay:talk-stop';
export const TALK_ENDED = 'camrelay:talk-ended';

/** The part of a namespace used here: server-side events, which the Redis adapter carries between nodes. */
export interface ServerSideEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  serverSideEmit(event: string, ...args: unknown[]): unknown;
}

/** This node's pages' talks through other nodes' cameras, by talk id. */
interface Away {
  socket: Socket;
  cameraId: string;
  pieces: number;
  second: number;
}

/** Talks a node's pages may hold through other nodes' cameras at once: a page talks through one camera at a time. */
const AWAY_MAX = 64;
const ID_MAX = 64;
/** Over the holder's wait for its capture side, with Redis both ways. */
const ANSWER_MS = TALK_OPEN_MS + 1500;

const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);
const idOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= ID_MAX ? v : null);
/**
 * A piece between nodes goes as base64: the adapter's server-side events arrive with a Buffer made JSON
 * (`{type: 'Buffer', data: [...]}`, measured), a number per byte. Bounded before it is decoded.
 */
const pieceOf = (v: unknown): Uint8Array | null =>
  typeof v === 'string' && v.length <= Math.ceil(TALK_PIECE_MAX_BYTES / 3) * 4 ? talkPieceOf(Buffer.from(v, 'base64')) : null;
const fields = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

export class TalkCluster implements TalkElsewhere {
  private readonly away = new Map<string, Away>();

  constructor(
    private readonly channel: ServerSideEvents,
    private readonly log: Logger,
    readonly reachable: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers other nodes' talks through cameras `relay` holds, and tells this node's pages when theirs ended. */
  serve(relay: TalkRelay): void {
    this.channel.on(TALK_START, (req, ack) => {
      if (typeof ack !== 'function') return;
      const answer = ack as (reply: TalkReply | null) => void;
      const r = fields(req);
      const [talkId, cameraId, user] = [idOf(r.talkId), talkCameraOf(r), text(r.user, ID_MAX) ?? '?'];
      if (!talkId || !cameraId || !relay.holds(cameraId)) return answer(null);
      const tell = (ended: TalkEnded) => void this.channel.serverSideEmit(TALK_ENDED, { talkId, ...ended });
      relay.startFor(talkId, cameraId, user, tell).then(answer, (error: unknown) => {
        this.log.warn({ err: error, cameraId }, 'talk from another node failed');
        answer(new CamrelayError('TALK_FAILED').toJSON());
      });
    });
    this.channel.on(TALK_PIECE, (m) => {
      const r = fields(m);
      const [talkId, cameraId, pcm] = [idOf(r.talkId), talkCameraOf(r), pieceOf(r.pcm)];
      if (talkId && cameraId && pcm) relay.pieceFor(talkId, cameraId, pcm);
    });
    this.channel.on(TALK_STOP, (m) => {
      const r = fields(m);
      const [talkId, cameraId] = [idOf(r.talkId), talkCameraOf(r)];
      if (talkId && cameraId) relay.stopFor(talkId, cameraId);
    });
    this.channel.on(TALK_ENDED, (m) => {
      const r = fields(m);
      const talkId = idOf(r.talkId);
      const talk = talkId ? this.away.get(talkId) : undefined;
      if (!talkId || !talk) return;
      this.away.delete(talkId);
      const ended: TalkEnded = {
        cameraId: talk.cameraId,
        error: text(r.error, 64) ?? 'TALK_FAILED',
        message: text(r.message, 500) ?? new CamrelayError('TALK_FAILED').message,
      };
      talk.socket.emit('talk-ended', ended);
    });
  }

  /** A page here talks through a camera another node holds: that node's answer, or why there is none. Never hangs. */
  async start(socket: Socket, cameraId: string, user: string): Promise<TalkReply> {
    if (this.find(socket, cameraId)) return { ok: true };
    if (this.away.size >= AWAY_MAX) return new CamrelayError('TALK_BUSY', 'Too many talks through this relay node now; try again soon.').toJSON();
    const talkId = randomUUID();
    this.away.set(talkId, { socket, cameraId, pieces: 0, second: this.now() });
    const reply = await this.ask(talkId, cameraId, user);
    // The page stopped or left while the camera was asked: the holder lets it go (a stop for another's talk is ignored).
    if (reply.ok && this.away.has(talkId) && !socket.disconnected) return reply;
    this.away.delete(talkId);
    this.channel.serverSideEmit(TALK_STOP, { talkId, cameraId });
    return reply.ok ? new CamrelayError('TALK_FAILED', 'The talk ended before it began.').toJSON() : reply;
  }

  /** A piece from a page here; the rate is counted here too, so a page cannot flood Redis. */
  piece(socket: Socket, cameraId: string, pcm: Uint8Array): void {
    const found = this.find(socket, cameraId);
    if (!found) return;
    const [talkId, talk] = found;
    if (!withinRate(talk, this.now())) return;
    this.channel.serverSideEmit(TALK_PIECE, { talkId, cameraId, pcm: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64') });
  }

  stop(socket: Socket, cameraId: string): void {
    const found = this.find(socket, cameraId);
    if (!found) return;
    this.away.delete(found[0]);
    this.channel.serverSideEmit(TALK_STOP, { talkId: found[0], cameraId });
  }

  left(socket: Socket): void {
    for (const talk of this.away.values()) if (talk.socket === socket) this.stop(socket, talk.cameraId);
  }

  private find(socket: Socket, cameraId: string): [string, Away] | undefined {
    for (const entry of this.away) if (entry[1].socket === socket && entry[1].cameraId === cameraId) return entry;
    return undefined;
  }

  private ask(talkId: string, cameraId: string, user: string): Promise<TalkReply> {
    return askNodes(
      this.channel,
      TALK_START,
      { talkId, cameraId, user },
      {
        answerMs: ANSWER_MS,
        read: replyOf,
        isOk: (r) => r.ok,
        late: () => new CamrelayError('TALK_FAILED', 'The relay node that holds this camera did not answer in time.').toJSON(),
        nobody: () => new CamrelayError('TALK_UNSUPPORTED', "No relay node holds this camera's capture program now (it is offline).").toJSON(),
        partial: (err, answered) => this.log.info({ cameraId, err: err.message, answered }, 'talk: not every node answered'),
      },
    );
  }
}
