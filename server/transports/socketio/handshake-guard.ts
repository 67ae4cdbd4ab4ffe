/**
 * What a Socket.IO connection may do before it has joined `/capture` or `/monitor`, that is, before
 * it has authenticated. Without these limits socket.io-parser keeps every attachment of a binary
 * packet until the last one arrives: ten of maxHttpBufferSize each (~22 MiB) per connection that
 * never authenticates, and nothing capped how many such connections an address could hold (#13).
 *
 * Before the join: only Socket.IO CONNECT packets (`0…`), at most `maxBytes` in all and per message,
 * for at most `timeoutMs`; at most `perAddress` such connections per address and `total` overall.
 */
import type { IncomingMessage } from 'node:http';
import { CamrelayError } from '../../../shared/errors.js';

export const HANDSHAKE_LIMITS = {
  /** A CONNECT packet carries an auth payload of a few hundred bytes. */
  maxBytes: 64 * 1024,
  /** Socket.IO's own connectTimeout is the same; this one also covers a join of `/`. */
  timeoutMs: 10_000,
  // Generous: 50 bench viewers signing in at once from one address wait on one scrypt at a time.
  perAddress: 64,
  total: 256,
};

/** The parts of an engine.io socket and its transports this guard reads (checked before use). */
export interface EngineConn {
  request: IncomingMessage;
  transport: EngineTransport;
  on(event: 'packet', listener: (packet: { type: string; data?: unknown }) => void): void;
  on(event: 'upgrading' | 'upgrade', listener: (transport: EngineTransport) => void): void;
  on(event: 'close', listener: () => void): void;
  off(event: 'packet', listener: (packet: { type: string; data?: unknown }) => void): void;
  close(): void;
}
interface EngineTransport {
  name: string;
  maxHttpBufferSize?: number;
  socket?: {
    _receiver?: { _maxPayload?: unknown };
    terminate?: () => void;
    prependOnceListener?(event: 'error', listener: (err: { code?: string }) => void): void;
  };
}

interface Pending {
  address: string;
  bytes: number;
  timer: NodeJS.Timeout;
  /** Removed at the join: a signed-in connection's packets (every frame) are not looked at. */
  onPacket: (packet: { type: string; data?: unknown }) => void;
}

export interface HandshakeGuardOptions {
  limits?: Partial<typeof HANDSHAKE_LIMITS>;
  /** The engine's maxHttpBufferSize: what a connection may send per message once it has joined. */
  fullMessageBytes: number;
  clientIp(req: IncomingMessage): string;
  onRefuse(address: string, error: CamrelayError): void;
}

export class HandshakeGuard {
  private readonly limits: typeof HANDSHAKE_LIMITS;
  private readonly pending = new Map<EngineConn, Pending>();
  private readonly byAddress = new Map<string, number>();
  /** The message limit a joined connection has: the largest of the namespaces it joined. */
  private readonly granted = new WeakMap<EngineConn, number>();

  constructor(private readonly o: HandshakeGuardOptions) {
    this.limits = { ...HANDSHAKE_LIMITS, ...o.limits };
  }

  /** Unauthenticated connections right now (for tests and metrics). */
  get size(): number {
    return this.pending.size;
  }

  /** For engine.io's allowRequest: null, or why a new connection from this request is refused. */
  admit(req: IncomingMessage): CamrelayError | null {
    const address = this.o.clientIp(req);
    const error = this.overLimit(address);
    if (error) this.o.onRefuse(address, error);
    return error;
  }

  /** A new engine.io connection: limited until `joined`. */
  track(conn: EngineConn): void {
    const address = this.o.clientIp(conn.request);
    // admit() let it in, but others may have opened in between (the WebSocket handshake is async).
    const over = this.overLimit(address);
    if (over) return this.cut(conn, address, over);
    const timer = setTimeout(() => this.cut(conn, address, new CamrelayError('HANDSHAKE_TIMEOUT')), this.limits.timeoutMs);
    timer.unref();
    const onPacket = (packet: { type: string; data?: unknown }) => this.inspect(conn, address, packet);
    this.pending.set(conn, { address, bytes: 0, timer, onPacket });
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    this.setMessageLimit(conn.transport, this.limits.maxBytes);
    this.watchOversize(conn, conn.transport);
    // A WebSocket probe may start before the join and finish after it.
    const fit = (transport: EngineTransport) => {
      this.setMessageLimit(transport, this.pending.has(conn) ? this.limits.maxBytes : (this.granted.get(conn) ?? this.o.fullMessageBytes));
      this.watchOversize(conn, transport);
    };
    conn.on('upgrading', fit);
    conn.on('upgrade', fit);
    conn.on('packet', onPacket);
    conn.on('close', () => this.release(conn));
  }

  private inspect(conn: EngineConn, address: string, packet: { type: string; data?: unknown }): void {
    const p = this.pending.get(conn);
    if (!p || packet.type !== 'message') return;
    const data = packet.data;
    p.bytes += typeof data === 'string' ? Buffer.byteLength(data) : Buffer.isBuffer(data) ? data.length : 0;
    if (p.bytes > this.limits.maxBytes) return this.cut(conn, address, new CamrelayError('HANDSHAKE_TOO_LARGE'));
    // Socket.IO CONNECT packets start with 0; anything else must wait for the server's yes.
    if (typeof data !== 'string' || !data.startsWith('0')) this.cut(conn, address, new CamrelayError('HANDSHAKE_REQUIRED'));
  }

  /**
   * The connection joined a namespace (it authenticated): from now on it may send messages of up to
   * `messageBytes` (a viewer sends no frames, so less), or more if another namespace it joined allows more.
   */
  joined(conn: EngineConn, messageBytes = this.o.fullMessageBytes): void {
    const limit = Math.max(this.granted.get(conn) ?? 0, messageBytes);
    this.granted.set(conn, limit);
    this.release(conn);
    this.setMessageLimit(conn.transport, limit);
  }

  private overLimit(address: string): CamrelayError | null {
    if ((this.byAddress.get(address) ?? 0) >= this.limits.perAddress) {
      return new CamrelayError(
        'TOO_MANY_HANDSHAKES',
        `More than ${this.limits.perAddress} connections from this address have not finished signing in; try again in a few seconds.`,
      );
    }
    if (this.pending.size >= this.limits.total) {
      // Full: the address holding the most waiting connections gives up its oldest, so a few
      // addresses refilling every slot cannot lock everybody else out. Only the busiest waits.
      const busiest = this.busiestAddress();
      if (busiest === null || busiest === address || (this.byAddress.get(busiest) ?? 0) <= (this.byAddress.get(address) ?? 0) + 1) {
        return new CamrelayError('TOO_MANY_HANDSHAKES', `More than ${this.limits.total} connections have not finished signing in; try again in a few seconds.`);
      }
      const oldest = [...this.pending].find(([, p]) => p.address === busiest)![0];
      this.cut(
        oldest,
        busiest,
        new CamrelayError('TOO_MANY_HANDSHAKES', 'Too many connections from this address have not finished signing in; the oldest was closed.'),
      );
    }
    return null;
  }

  private busiestAddress(): string | null {
    let best: string | null = null;
    for (const [address, n] of this.byAddress) if (best === null || n > this.byAddress.get(best)!) best = address;
    return best;
  }

  private release(conn: EngineConn): boolean {
    const p = this.pending.get(conn);
    if (!p) return false;
    clearTimeout(p.timer);
    conn.off('packet', p.onPacket);
    this.pending.delete(conn);
    const left = (this.byAddress.get(p.address) ?? 1) - 1;
    if (left > 0) this.byAddress.set(p.address, left);
    else this.byAddress.delete(p.address);
    return true;
  }

  private cut(conn: EngineConn, address: string, error: CamrelayError): void {
    this.release(conn);
    this.o.onRefuse(address, error);
    conn.close();
    // A WebSocket's close handshake could take 30 s; this peer has broken the rules, so drop it now.
    conn.transport.socket?.terminate?.();
  }

  /**
   * Long-polling reads a POST body up to the transport's maxHttpBufferSize; ws reads a message up to
   * its receiver's _maxPayload (set per server, so it is changed per connection here). Both are
   * checked as the bytes arrive, so an oversized message is refused before it is held.
   */
  private setMessageLimit(transport: EngineTransport, bytes: number): void {
    if (transport.name === 'polling' && typeof transport.maxHttpBufferSize === 'number') transport.maxHttpBufferSize = bytes;
    const receiver = transport.socket?._receiver;
    if (transport.name === 'websocket' && receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
  }

  /** ws closes a connection whose message is over its limit by itself: count it (before engine.io's listener ends the connection). */
  private watchOversize(conn: EngineConn, transport: EngineTransport): void {
    transport.socket?.prependOnceListener?.('error', (err) => {
      const p = this.pending.get(conn);
      if (p && err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.cut(conn, p.address, new CamrelayError('HANDSHAKE_TOO_LARGE'));
    });
  }
}
