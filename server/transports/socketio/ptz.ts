/**
 * Pan, tilt and zoom through the relay (#29): a capture connection's `ptz-caps` lands on its
 * camera's entry, and an admin's `ptz` on `/monitor` goes to that camera's capture connection,
 * whose answer comes back. In cluster mode a camera held by another node is reached through it
 * (ptz-cluster.ts).
 */
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { CamrelayError } from '../../../shared/errors.js';
import type { CaptureClientEvents, CaptureServerEvents } from '../../../shared/protocol.js';
import { validatePtzCaps, validatePtzCommand, type PtzCommand, type PtzReply } from '../../../shared/ptz.js';
import type { Principal } from '../../auth/authenticator.js';
import type { RefusalLog } from '../../http/refusal-log.js';
import type { Ingest } from '../../relay/ingest.js';
import type { Relay } from '../../relay/relay.js';
import { OversizedMessage, oversized } from './parser.js';
import type { PtzCluster, PtzRequest } from './ptz-cluster.js';
import { PtzRate } from './ptz-rate.js';
import { replyOf } from './ptz-reply.js';

type CaptureSocket = Socket<CaptureClientEvents, CaptureServerEvents>;

export interface PtzRelayOptions {
  /** How long the capture side has to answer a command. */
  answerMs?: number;
  rate?: PtzRate;
  /** The other nodes, in cluster mode: commands for cameras they hold go there, theirs come here. */
  cluster?: PtzCluster;
  /** Where refused caps are logged: the first of a kind per address at once, repeats summed per minute (the handshakes' log). */
  refusals?: Pick<RefusalLog, 'refused'>;
}

/** 6 s: the capture side gives each camera call 5 s (onvif-camera.ts) and runs them in order; past that it has not answered. */
export const PTZ_ANSWER_MS = 6000;

export class PtzRelay {
  private readonly captures = new Map<string, CaptureSocket>();
  private readonly answerMs: number;
  private readonly rate: PtzRate;
  private readonly cluster: PtzCluster | null;
  private readonly refusals: Pick<RefusalLog, 'refused'> | null;

  constructor(
    private readonly relay: Relay,
    private readonly log: Logger,
    options: PtzRelayOptions = {},
  ) {
    this.answerMs = options.answerMs ?? PTZ_ANSWER_MS;
    this.rate = options.rate ?? new PtzRate();
    this.cluster = options.cluster ?? null;
    this.refusals = options.refusals ?? null;
    this.cluster?.serve(
      (cameraId) => this.captures.has(cameraId),
      (req) => this.carryOut(req),
    );
  }

  /** A capture connection for `cameraId` from `address`: hears its `ptz-caps` and takes its commands until it ends. */
  capture(socket: Socket, cameraId: string, ingest: Ingest, address: string): void {
    this.captures.set(cameraId, socket as CaptureSocket);
    socket.on('ptz-caps', (caps: unknown) => {
      const checked = validatePtzCaps(caps);
      if (checked) return ingest.setPtz(checked.pan || checked.tilt || checked.zoom || checked.presets.length > 0 ? checked : null);
      // A line per refusal let one capture client write 1,001 lines with 1,000 bad caps (#37).
      const error = new CamrelayError('BAD_PTZ_CAPS');
      if (this.refusals) this.refusals.refused(address, error.code, 'ptz-caps refused', { cameraId, message: error.message });
      else this.log.info({ cameraId, code: error.code }, 'ptz-caps refused');
    });
    socket.on('disconnect', () => {
      if (this.captures.get(cameraId) !== socket) return;
      this.captures.delete(cameraId);
      this.rate.forget(cameraId);
    });
  }

  /** A dashboard connection: its `ptz` events, answered in its ack. */
  monitor(socket: Socket, principal: Principal): void {
    socket.on('ptz', (req: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: PtzReply) => void) : () => {};
      this.command(req, principal).then(reply, (error: unknown) => {
        this.log.warn({ err: error }, 'ptz command failed');
        reply(new CamrelayError('PTZ_FAILED').toJSON());
      });
    });
  }

  private async command(req: unknown, principal: Principal): Promise<PtzReply> {
    if (req instanceof OversizedMessage) return oversized('ptz', req).error.toJSON();
    const { cameraId, command } = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
    const checked = validatePtzCommand(command);
    if (!checked.ok) return checked.error.toJSON();
    if (typeof cameraId !== 'string' || cameraId.length === 0 || cameraId.length > 64)
      return new CamrelayError('BAD_PTZ', 'A PTZ request names its camera: { cameraId, command }.').toJSON();
    if (principal.role !== 'admin') return new CamrelayError('FORBIDDEN', 'Only an admin may pan, tilt or zoom a camera.').toJSON();
    const request = { cameraId, command: checked.value, user: principal.username };
    if (this.captures.has(cameraId)) return this.carryOut(request);
    // Every node lists the saved cameras: only the merged entry says whether a node has it moving.
    const listed = this.relay.cameras.get(cameraId);
    if (!listed || !this.cluster) return new CamrelayError('PTZ_UNAVAILABLE').toJSON();
    // With Redis away the entry loses its ptz when its node goes stale: the viewer is told why all the same.
    if (listed.ptz || !this.cluster.reachable()) return this.cluster.ask(request);
    return new CamrelayError('PTZ_UNAVAILABLE').toJSON();
  }

  /**
   * On the node that holds the camera, for its own viewers and other nodes' alike. The rate is
   * counted here, once per command: viewers on every node share the camera's one limit.
   */
  private carryOut({ cameraId, command, user }: PtzRequest): Promise<PtzReply> {
    const refused = this.unavailable(cameraId, command);
    if (refused) return Promise.resolve(refused.toJSON());
    if (!this.rate.take(cameraId, command)) return Promise.resolve(new CamrelayError('PTZ_TOO_FAST').toJSON());
    return this.forward(this.captures.get(cameraId)!, cameraId, command, user);
  }

  /** Why this node cannot move the camera now, or null when it can. */
  private unavailable(cameraId: string, command: PtzCommand): CamrelayError | null {
    const caps = this.relay.cameras.getLocal(cameraId)?.ptz;
    if (!caps || !this.captures.has(cameraId)) return new CamrelayError('PTZ_UNAVAILABLE');
    if (command.op === 'preset' && !caps.presets.some((p) => p.token === command.preset))
      return new CamrelayError('BAD_PTZ', 'This camera has no such preset; pick one from its preset menu.');
    return null;
  }

  private forward(socket: CaptureSocket, cameraId: string, command: PtzCommand, user: string): Promise<PtzReply> {
    return new Promise((resolve) => {
      socket.timeout(this.answerMs).emit('ptz', command, (err: Error | null, answer: unknown) => {
        const reply = err ? new CamrelayError('PTZ_FAILED', 'The capture side did not answer the PTZ command.').toJSON() : replyOf(answer);
        if (!reply.ok) this.log.info({ cameraId, user, op: command.op, error: reply.error }, 'ptz command not carried out');
        resolve(reply);
      });
    });
  }
}
