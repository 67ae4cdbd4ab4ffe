/**
 * The receivers of the table once started: which link brings the frames now (the header's
 * indicator) and each one's Diagnostics figures.
 */
import type { Link, Transport } from '../../../shared/protocol.js';
import type { Receiver, ReceiverContext, ReceiverModule, RowValue } from './receiver.js';

export class ReceiverSet {
  private readonly running = new Map<Transport, Receiver>();

  /** `modules` in table order: an upgrade (webrtc) comes after what it upgrades (socketio). */
  constructor(readonly modules: readonly ReceiverModule[]) {}

  /** Starts every receiver, in table order. */
  start(ctx: ReceiverContext): void {
    for (const module of this.modules) this.running.set(module.name, module.start(ctx));
  }

  /** What brings the frames now: the link of the last receiver in table order that has one. */
  get link(): Link | null {
    let link: Link | null = null;
    for (const receiver of this.running.values()) link = receiver.link ?? link;
    return link;
  }

  /** The values of `name`'s Diagnostics section, or null before it started (or without one). */
  figures(name: Transport, now: number): Readonly<Record<string, RowValue>> | null {
    return this.running.get(name)?.figures?.(now) ?? null;
  }
}
