/**
 * Estimates (server clock − local clock) from request/response round trips, NTP style:
 * the sample with the smallest round trip among the recent ones is the most trustworthy.
 */
export interface ClockSample {
  offset: number;
  rtt: number;
}

/** The slice of a Socket.IO client socket that asks the relay's time (the `time` event, acked with `{ now }`). */
export interface TimeSocket {
  readonly connected: boolean;
  timeout(ms: number): { emit(event: 'time', ack: (err: Error | null, t: { now: number }) => void): unknown };
}

export class ClockSync {
  private readonly samples: ClockSample[] = [];
  private readonly keep: number;

  constructor(keep = 8) {
    this.keep = keep;
  }

  /** Adds one exchange: `sentAt` and `receivedAt` on the local clock, `serverNow` on the server's. */
  add(sentAt: number, serverNow: number, receivedAt: number): ClockSample {
    const rtt = Math.max(0, receivedAt - sentAt);
    const sample = { offset: serverNow - (sentAt + rtt / 2), rtt };
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
    return sample;
  }

  /** The best current estimate, or null before the first sample. */
  best(): ClockSample | null {
    let best: ClockSample | null = null;
    for (const s of this.samples) if (!best || s.rtt < best.rtt) best = s;
    return best;
  }

  /** Asks the relay's time over `socket` once (while connected) and adds the exchange when it answers within 5 s. */
  ask(socket: TimeSocket): void {
    if (!socket.connected) return;
    const sentAt = Date.now();
    socket.timeout(5000).emit('time', (err, t) => {
      if (!err && typeof t?.now === 'number') this.add(sentAt, t.now, Date.now());
    });
  }

  get offset(): number | null {
    return this.best()?.offset ?? null;
  }
}
