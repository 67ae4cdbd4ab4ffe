/**
 * Frames onto one data channel, paced by the channel's send buffer: a write is done once the buffer
 * is back at or under a low-water mark, the data-channel equivalent of a Socket.IO ack. No I/O of
 * its own, so the flow control is tested with a fake channel.
 */
import type { CaptureFrameMeta } from '../../shared/protocol.js';
import { encodeFrame } from '../../shared/webrtc/chunks.js';
import { CHANNEL_LOW_WATER_BYTES } from '../../shared/webrtc/protocol.js';
import type { SendResult } from '../../common/capture/sender.js';

/** The part of werift's RTCDataChannel this uses. */
export interface FlowChannel {
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  readonly bufferedAmountLow: { subscribe(listener: () => void): { unSubscribe(): void } };
  send(data: Buffer): void;
}

const closedResult: SendResult = { ok: false, error: 'NETWORK', message: 'the data channel is not open' };

/** Writes frames onto one open data channel; one writer per channel, closed with the upgrade. */
export class ChannelWriter {
  private frameNo = 0;
  private closed = false;
  private readonly wakeups = new Set<() => void>();
  private readonly subscription: { unSubscribe(): void };

  constructor(
    private readonly channel: FlowChannel,
    private readonly lowWater = CHANNEL_LOW_WATER_BYTES,
  ) {
    channel.bufferedAmountLowThreshold = lowWater;
    this.subscription = channel.bufferedAmountLow.subscribe(() => this.wakeAll());
  }

  get open(): boolean {
    return !this.closed && this.channel.readyState === 'open';
  }

  /** Sends a frame; resolves once the buffer is at or under low water, TIMEOUT after `timeoutMs`, NETWORK when the channel is not open. */
  write(meta: CaptureFrameMeta, jpeg: Uint8Array, timeoutMs: number): Promise<SendResult> {
    if (!this.put(meta, jpeg)) return Promise.resolve(closedResult);
    const ok: SendResult = { ok: true, seq: meta.seq };
    if (this.channel.bufferedAmount <= this.lowWater) return Promise.resolve(ok);
    return new Promise((resolve) => {
      const finish = (result: SendResult) => {
        clearTimeout(timer);
        this.wakeups.delete(wake);
        resolve(result);
      };
      const wake = () => finish(this.closed ? closedResult : ok);
      const timer = setTimeout(() => {
        const kib = Math.round(this.channel.bufferedAmount / 1024);
        finish({ ok: false, error: 'TIMEOUT', message: `the data channel's send buffer stayed at ${kib} KiB for ${timeoutMs} ms` });
      }, timeoutMs);
      this.wakeups.add(wake);
    });
  }

  /** A copy beside Socket.IO during the trial: sent only when the buffer has room, never waited on. */
  offer(meta: CaptureFrameMeta, jpeg: Uint8Array): boolean {
    return this.channel.bufferedAmount <= this.lowWater && this.put(meta, jpeg);
  }

  /** Stops writing; writes still waiting fail with NETWORK. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscription.unSubscribe();
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.wakeups]) wake();
  }

  private put(meta: CaptureFrameMeta, jpeg: Uint8Array): boolean {
    if (!this.open) return false;
    try {
      for (const chunk of encodeFrame(meta, jpeg, this.frameNo++)) this.channel.send(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      return true;
    } catch {
      // The channel closed under us; its close event ends the upgrade.
      return false;
    }
  }
}
