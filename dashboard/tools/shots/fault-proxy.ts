/**
 * A TCP proxy on loopback whose faults a test switches on and off mid-run: added latency, a
 * bandwidth cap, cutting every connection (TCP reset), and black-holing (connections stay open,
 * bytes vanish). It sits below HTTP, so it hurts polling and WebSocket alike, as a bad network does.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface Faults {
  /** Added to every chunk, each direction, in ms. */
  latencyMs: number;
  /** Per connection and direction, bytes per second; 0 for no cap. */
  bytesPerSecond: number;
  /** Bytes vanish in both directions while set. */
  blackhole: boolean;
}

/** Bytes allowed to wait in the proxy per direction before it stops reading (backpressure). */
const HIGH_WATER = 64 * 1024;

export class FaultProxy {
  readonly faults: Faults = { latencyMs: 0, bytesPerSecond: 0, blackhole: false };
  /** Connections accepted since start, and cut by `cutAll`. */
  accepted = 0;
  cuts = 0;
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly targetPort: number) {
    // Half-open connections are kept, and a FIN is passed on after the bytes before it, as a real
    // network does: a client that half-closes after its request (Node's http with `agent: false`,
    // which socket.io-client's polling uses) must still get its answer.
    this.server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
  }

  static async start(targetPort: number): Promise<FaultProxy> {
    const proxy = new FaultProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resets every open connection, as a flaky NAT or a restarting router does. */
  cutAll(): void {
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    this.pairs.clear();
    this.cuts++;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    const upstream = connect({ port: this.targetPort, host: '127.0.0.1', allowHalfOpen: true });
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of pair) s.on('error', end).on('close', end);
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Moves bytes from one side to the other through the current faults, in order. */
  private forward(from: Socket, to: Socket): void {
    let queued = 0;
    let releaseAt = 0;
    let deliverAt = 0;
    // One queue and one timer per direction: a timer per chunk let two chunks due within the same ms swap (their
    // delays from Date.now(), their start from the loop's cached clock), a WebSocket frame after the next one (#30).
    const waiting: Array<{ chunk: Buffer; at: number }> = [];
    let timer: NodeJS.Timeout | null = null;
    // The FIN goes after the last chunk delivered, never by a timer of its own: a FIN before the request it
    // follows made the server hang up on a loaded box.
    let ended = false;
    const finish = () => {
      if (ended && waiting.length === 0 && !to.destroyed) to.end();
    };
    const deliver = () => {
      if (timer) this.timers.delete(timer);
      timer = null;
      const now = Date.now();
      while (waiting.length > 0 && waiting[0]!.at <= now) {
        const { chunk } = waiting.shift()!;
        queued -= chunk.length;
        if (!to.destroyed) to.write(chunk);
      }
      if (queued <= HIGH_WATER && from.isPaused()) from.resume();
      if (waiting.length > 0) {
        timer = setTimeout(deliver, Math.max(1, waiting[0]!.at - now));
        this.timers.add(timer);
      }
      finish();
    };
    from.on('data', (chunk: Buffer) => {
      if (this.faults.blackhole) return;
      const now = Date.now();
      const { bytesPerSecond, latencyMs } = this.faults;
      releaseAt = Math.max(releaseAt, now) + (bytesPerSecond > 0 ? (chunk.length / bytesPerSecond) * 1000 : 0);
      // Never before an earlier chunk, even when the latency was lowered meanwhile: TCP keeps order.
      deliverAt = Math.max(deliverAt, releaseAt + latencyMs);
      waiting.push({ chunk, at: deliverAt });
      queued += chunk.length;
      if (queued > HIGH_WATER) from.pause();
      if (!timer) deliver();
    });
    from.on('end', () => {
      ended = true;
      finish();
    });
  }
}
