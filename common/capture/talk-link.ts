/**
 * Talk back's way between the relay and the camera side (#40 item 4), beside PTZ's (ptz-link.ts): the relay's
 * `talk-start` (answered once the camera's back channel is open), `talk` pieces of 16-bit 8 kHz PCM and `talk-stop`
 * reach the host's handler; the host's `talk-ended` (its back channel failed) goes back. A lost connection stops it.
 */
import { talkPieceOf, type TalkReply } from '../../shared/talk.js';
import type { ConnectionSender } from './sender.js';

/** The part of the connection's socket talk uses (Socket.IO on `/capture`). */
interface TalkSocket {
  connected: boolean;
  on(event: 'talk-start', listener: (req: unknown, ack: (reply: TalkReply) => void) => void): unknown;
  on(event: 'talk', listener: (pcm: unknown) => void): unknown;
  on(event: 'talk-stop' | 'disconnect', listener: () => void): unknown;
  emit(event: 'talk-ended', why: { error: string; message: string }): unknown;
}

export interface TalkHandler {
  /** Opens the camera's back channel. */
  start(): Promise<TalkReply>;
  /** 16-bit samples at 8 kHz to say. */
  say(samples: Int16Array): void;
  stop(): void;
}

export class TalkLink {
  private handler: TalkHandler | null = null;
  private listening: TalkSocket | null = null;

  constructor(private readonly carrier: () => ConnectionSender | null) {}

  /** Handles the relay's talk from now on. */
  onTalk(handler: TalkHandler): void {
    this.handler = handler;
    this.listen();
  }

  /** The host's back channel ended while someone talked: the relay tells the page. */
  ended(error: string, message: string): void {
    if (this.listening?.connected) this.listening.emit('talk-ended', { error, message });
  }

  /** The engine tells of the connection's news. */
  connection(up: boolean): void {
    if (!this.handler) return;
    if (!up) this.handler.stop();
    this.listen();
  }

  private listen(): void {
    const socket = this.carrier()?.signalingSocket() as unknown as TalkSocket | undefined;
    if (!socket || socket === this.listening) return;
    this.listening = socket;
    socket.on('talk-start', (_req, ack) => {
      if (typeof ack !== 'function') return;
      if (!this.handler) return ack({ ok: false, error: 'TALK_UNSUPPORTED', message: 'This capture program cannot talk to its camera.' });
      this.handler
        .start()
        .then(ack, (err: unknown) =>
          ack({ ok: false, error: 'TALK_FAILED', message: `The capture program could not open the camera's back channel: ${String(err)}` }),
        );
    });
    socket.on('talk', (data) => {
      const piece = talkPieceOf(data);
      if (!piece || !this.handler) return;
      // A copy: a Buffer's bytes may sit at an odd offset of their pool, where an Int16Array cannot view them.
      const samples = new Int16Array(piece.length / 2);
      new Uint8Array(samples.buffer).set(piece);
      this.handler.say(samples);
    });
    socket.on('talk-stop', () => this.handler?.stop());
  }
}
