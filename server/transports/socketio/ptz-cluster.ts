/**
 * PTZ across cluster nodes (#29): a command for a camera whose capture connection another node
 * holds goes out on `/capture` with `serverSideEmit` and an ack (Socket.IO's Redis adapter). The
 * node that holds the camera answers with its capture side's reply; every other node answers null.
 */
import type { Logger } from 'pino';
import { CamrelayError } from '../../../shared/errors.js';
import { validatePtzCommand, type PtzCommand, type PtzReply } from '../../../shared/ptz.js';
import { askNodes } from './ask-nodes.js';
import { replyOf } from './ptz-reply.js';

export const PTZ_REQUEST = 'camrelay:ptz';

/** What one node asks the others: the viewer's command, already checked there (admin, valid). */
export interface PtzRequest {
  cameraId: string;
  command: PtzCommand;
  /** Who asked, for the holding node's log. */
  user: string;
}

/** The part of a namespace used here: server-side events, which the Redis adapter carries between nodes. */
export interface ServerSideChannel {
  on(event: typeof PTZ_REQUEST, listener: (req: unknown, ack: unknown) => void): unknown;
  serverSideEmit(event: typeof PTZ_REQUEST, req: PtzRequest, ack: (err: Error | null, replies: unknown) => void): unknown;
}

export interface PtzClusterOptions {
  /** Whether the other nodes can be reached now (Redis up); false: refused at once, not waited on. */
  reachable: () => boolean;
  /** The longest a question may take; past it the viewer is answered whatever came back. */
  answerMs: number;
}

const ID_MAX = 64;

export class PtzCluster {
  /** Whether the other nodes can be reached now. */
  readonly reachable: () => boolean;
  private readonly answerMs: number;

  constructor(
    private readonly channel: ServerSideChannel,
    private readonly log: Logger,
    options: PtzClusterOptions,
  ) {
    this.reachable = options.reachable;
    this.answerMs = options.answerMs;
  }

  /**
   * Answers other nodes' requests: `carryOut` for a camera `holds` says is held here, null for the
   * rest. Nodes trust each other's admin check as they trust the sessions they share in Redis; the
   * request is still checked field by field, as any input.
   */
  serve(holds: (cameraId: string) => boolean, carryOut: (req: PtzRequest) => Promise<PtzReply>): void {
    this.channel.on(PTZ_REQUEST, (req, ack) => {
      if (typeof ack !== 'function') return;
      const answer = ack as (reply: PtzReply | null) => void;
      const checked = requestOf(req);
      if (!checked || !holds(checked.cameraId)) return answer(null);
      carryOut(checked).then(answer, (error: unknown) => {
        this.log.warn({ err: error, cameraId: checked.cameraId }, 'ptz command from another node failed');
        answer(new CamrelayError('PTZ_FAILED').toJSON());
      });
    });
  }

  /** Asks every other node to carry `req` out; the holder's reply, or why there is none. Never hangs. */
  ask(req: PtzRequest): Promise<PtzReply> {
    if (!this.reachable()) return Promise.resolve(unreachable());
    return askNodes(this.channel, PTZ_REQUEST, req, {
      answerMs: this.answerMs,
      read: replyOf,
      isOk: (r) => r.ok,
      late: () => (this.reachable() ? noAnswer() : unreachable()),
      nobody: nobodyHolds,
      partial: (err, answered) => this.log.info({ cameraId: req.cameraId, err: err.message, answered }, 'ptz: not every node answered'),
    });
  }
}

/** Another node's request, bounded and copied field by field; null when it is not one. */
function requestOf(value: unknown): PtzRequest | null {
  const { cameraId, command, user } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof cameraId !== 'string' || cameraId.length === 0 || cameraId.length > ID_MAX) return null;
  const checked = validatePtzCommand(command);
  if (!checked.ok) return null;
  return { cameraId, command: checked.value, user: typeof user === 'string' ? user.slice(0, ID_MAX) : '?' };
}

const unreachable = () =>
  new CamrelayError(
    'PTZ_UNAVAILABLE',
    "This camera is connected to another relay node, which cannot be reached now (the cluster's Redis is away); try again in a moment.",
  ).toJSON();
const nobodyHolds = () => new CamrelayError('PTZ_UNAVAILABLE', "No relay node holds this camera's capture connection now.").toJSON();
const noAnswer = () => new CamrelayError('PTZ_FAILED', 'The relay node that holds this camera did not answer the PTZ command.').toJSON();
