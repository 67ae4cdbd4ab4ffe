/** The server's clock as this browser sees it: latency is capture PC → screen only when both ends use the server's clock. */
import { ClockSync } from '../../../common/clock-sync.js';
import type { ServerTime } from '../../../shared/protocol.js';

/** The one call the clock needs from the `/monitor` socket. */
export interface TimeChannel {
  emit(event: 'time', ack: (t: ServerTime) => void): unknown;
}

/** This browser's view of the server's clock, from `time` round trips; also learns the server version. */
export class ServerClock {
  version: string | null = null;
  /** Cluster mode only: the connected node's link to the other nodes. */
  cluster: 'ok' | 'degraded' | null = null;
  private sync = new ClockSync();
  private generation = 0;
  private readonly localNow: () => number;
  private readonly onAnswer: (t: ServerTime) => void;

  constructor(options: { localNow?: () => number; onAnswer?: (t: ServerTime) => void } = {}) {
    this.localNow = options.localNow ?? Date.now;
    this.onAnswer = options.onAnswer ?? (() => {});
  }

  /** Sends one `time` request; its answer refines the offset. */
  measure(channel: TimeChannel): void {
    const generation = this.generation;
    const sentAt = this.localNow();
    channel.emit('time', (t) => {
      // An answer from before a reset may come from another server process: ignore it.
      if (generation !== this.generation || typeof t?.now !== 'number') return;
      this.sync.add(sentAt, t.now, this.localNow());
      this.version = typeof t.version === 'string' ? t.version : null;
      this.cluster = t.cluster === 'ok' || t.cluster === 'degraded' ? t.cluster : null;
      this.onAnswer(t);
    });
  }

  /** Forgets every sample: after a reconnect the server may be a restarted process. */
  reset(): void {
    this.generation++;
    this.sync = new ClockSync();
  }

  get synced(): boolean {
    return this.sync.offset !== null;
  }

  /** The shortest round trip among the recent `time` requests, in ms, or null before the first answer. */
  get rtt(): number | null {
    return this.sync.best()?.rtt ?? null;
  }

  /** Server clock − this browser's clock, in ms, from that best round trip; null before the first answer. */
  get offset(): number | null {
    return this.sync.offset;
  }

  /** Now on the server's clock; the local clock until the first answer (then `synced` is false). */
  now(): number {
    return this.localNow() + (this.sync.offset ?? 0);
  }
}
