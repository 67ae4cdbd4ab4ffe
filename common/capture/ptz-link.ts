/**
 * PTZ's way between the relay and the camera side (#29): the relay's `ptz` commands reach the host's handler,
 * and the camera's caps go to the relay as `ptz-caps` on each connect (the relay forgets them when a
 * connection ends). Nothing is sent for a camera that cannot move.
 */
import type { PtzCaps, PtzCommand, PtzReply } from '../../shared/ptz.js';
import type { ConnectionSender } from './sender.js';

/** The part of the connection's socket PTZ uses (Socket.IO on `/capture`). */
interface PtzSocket {
  connected: boolean;
  on(event: 'ptz', listener: (command: PtzCommand, ack: (reply: PtzReply) => void) => void): unknown;
  emit(event: 'ptz-caps', caps: PtzCaps): unknown;
}

export type PtzHandler = (command: unknown) => Promise<PtzReply>;

export class PtzLink {
  private caps: PtzCaps | null = null;
  private handler: PtzHandler | null = null;
  private listening: PtzSocket | null = null;

  constructor(private readonly carrier: () => ConnectionSender | null) {}

  /** Handles the relay's commands from now on; a command with no handler is refused. */
  onPtz(handler: PtzHandler): void {
    this.handler = handler;
    this.listen();
  }

  /** Says what the camera can do, now if connected and again on every connect. */
  sendCaps(caps: PtzCaps): void {
    this.caps = caps;
    this.listen();
    if (this.listening?.connected) this.listening.emit('ptz-caps', caps);
  }

  /** The engine tells of the connection's news. */
  connection(up: boolean): void {
    // A host that never uses PTZ (a webcam, the browser page) never touches the socket.
    if (!this.handler && !this.caps) return;
    this.listen();
    if (up && this.caps && this.listening?.connected) this.listening.emit('ptz-caps', this.caps);
  }

  private listen(): void {
    const socket = this.carrier()?.signalingSocket() as unknown as PtzSocket | undefined;
    if (!socket || socket === this.listening) return;
    this.listening = socket;
    socket.on('ptz', (command, ack) => {
      if (typeof ack !== 'function') return;
      if (!this.handler) return ack({ ok: false, error: 'PTZ_FAILED', message: 'This capture client cannot move its camera.' });
      this.handler(command).then(ack, (err: unknown) =>
        ack({ ok: false, error: 'PTZ_FAILED', message: `The capture side could not move its camera: ${String(err)}` }),
      );
    });
  }
}
