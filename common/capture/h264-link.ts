/**
 * The H.264 uplink's way to the relay (#28): access units go by the connection (Socket.IO) with an ack each,
 * beside the JPEG pacers, so a live frame never waits behind recording. The fallback (HTTP POST) and the
 * WebRTC upgrade carry no H.264: while the connection is down, units wait in the host's uplink buffer. The
 * main stream's AAC frames (#29) go the same way, by `sendAac`.
 */
import type { AacFrameMeta, H264FrameMeta, H264RungMeta } from '../../shared/demand.js';
import type { ConnectionSender, SendResult } from './sender.js';

/** What the link needs of the engine: its connection sender, this run's session, and whether to stamp the clock offset. */
export interface H264LinkHost {
  carrier(): ConnectionSender | null;
  session: string;
  syncClock: boolean;
}

export class H264Link {
  private readonly connectListeners = new Set<(up: boolean) => void>();

  constructor(private readonly host: H264LinkHost) {}

  /** True while the connection can take a unit now. */
  ready(): boolean {
    return this.host.carrier()?.ready() ?? false;
  }

  /** Sends one access unit (its meta without clock offset and session: they are stamped here); resolves with the relay's ack. */
  send(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult> {
    const carrier = this.host.carrier();
    if (!carrier?.sendH264 || !carrier.ready()) return notConnected();
    return carrier.sendH264(this.stamp(carrier, meta), au);
  }

  /** Sends one access unit of a rung stream (`h264-rung`, #30), stamped as a unit is; resolves with the relay's ack. */
  sendRung(meta: H264RungMeta, au: Uint8Array): Promise<SendResult> {
    const carrier = this.host.carrier();
    if (!carrier?.sendH264Rung || !carrier.ready()) return notConnected();
    return carrier.sendH264Rung(this.stamp(carrier, meta), au);
  }

  /** Sends one raw AAC frame, stamped as a unit is; resolves with the relay's ack. */
  sendAac(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult> {
    const carrier = this.host.carrier();
    if (!carrier?.sendAac || !carrier.ready()) return notConnected();
    return carrier.sendAac(this.stamp(carrier, meta), frame);
  }

  private stamp<M extends { session?: string; clockOffset?: number }>(carrier: ConnectionSender, meta: M): M {
    const offset = this.host.syncClock ? carrier.clockOffset() : null;
    const stamped: M = { ...meta, session: this.host.session };
    if (offset !== null) stamped.clockOffset = Math.round(offset);
    return stamped;
  }

  /** Hears the connection come up (true) and go down (false): units not acked go again after a reconnect. */
  onConnection(listener: (up: boolean) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** The engine tells of the connection's news. */
  connection(up: boolean): void {
    for (const l of this.connectListeners) l(up);
  }
}

function notConnected(): Promise<SendResult> {
  return Promise.resolve({ ok: false, error: 'NETWORK', message: 'not connected' });
}
