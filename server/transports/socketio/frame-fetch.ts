/**
 * Frames for long-polling viewers, by reference.
 *
 * Engine.IO v4 carries binary inside a polling response as base64: a third more bytes, a base64
 * string the size of the frame built per viewer per frame, and its UTF-8 copy on the way out. A
 * viewer that says so in its handshake (`auth.fetchFrames: true`) gets, while it is on polling, a
 * small `frame-ref` event instead (the metadata and a one-time path), and fetches the JPEG with a
 * plain GET: binary, the same Buffer for every viewer. The GET is the ack: when its response ends
 * (or fails), the viewer's slot takes the next frame, so flow control is the same as with acks.
 *
 * A path is a capability: 128 random bits per connection plus a counter, handed only to the
 * viewer the frame was authorized for, good for one GET. One not fetched within `ttlMs` is
 * released anyway, so a viewer whose GET was lost gets the next frame instead of stalling.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { CamrelayError, ERROR_CODES } from '../../../shared/errors.js';
import { FRAME_FETCH_PATH } from '../../../shared/protocol.js';
import type { Frame } from '../../relay/frame.js';

interface Ticket {
  frame: Frame;
  done: () => void;
  expires: number;
}

/** One viewer connection's outstanding frames (at most one per camera it watches). */
export class FetchOwner {
  readonly key = randomBytes(16).toString('base64url');
  readonly tickets = new Map<number, Ticket>();
  private next = 0;

  constructor(private readonly registry: FrameFetch) {}

  /** Holds `frame` for one GET; returns the path the viewer fetches it from. */
  issue(frame: Frame, done: () => void): string {
    const n = this.next++;
    this.tickets.set(n, { frame, done, expires: Date.now() + this.registry.ttlMs });
    return `${FRAME_FETCH_PATH}/${this.key}/${n}`;
  }

  /** The connection ended: its frames can no longer be fetched. */
  close(): void {
    this.tickets.clear();
    this.registry.forget(this);
  }
}

export class FrameFetch {
  private readonly owners = new Map<string, FetchOwner>();
  /** Runs only while some connection fetches frames, so a stopped server leaves no timer behind. */
  private sweeper: NodeJS.Timeout | undefined;

  constructor(readonly ttlMs = 5000) {}

  owner(): FetchOwner {
    const owner = new FetchOwner(this);
    this.owners.set(owner.key, owner);
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(1000, this.ttlMs));
    return owner;
  }

  forget(owner: FetchOwner): void {
    this.owners.delete(owner.key);
    if (this.owners.size > 0 || !this.sweeper) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * `GET <FRAME_FETCH_PATH>/<owner>/<n>`: the JPEG, once; 404 `FRAME_GONE` if used, expired or
   * unknown. Served ahead of Express (as Engine.IO serves its own path): once per frame per viewer,
   * Express's router and security middleware would cost more than the frame's own write. The path
   * is a capability, so the origin check has nothing to protect; the headers that matter for an
   * image are set here.
   */
  attach(http: HttpServer): void {
    const prefix = `${FRAME_FETCH_PATH}/`;
    const others = http.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'GET' && req.url?.startsWith(prefix)) return this.serve(req.url.slice(prefix.length), res);
      for (const listener of others) listener.call(http, req, res);
    });
  }

  private serve(rest: string, res: ServerResponse): void {
    const [key = '', n = ''] = rest.split('?', 1)[0]!.split('/');
    const owner = this.owners.get(key);
    const ticket = owner?.tickets.get(Number(n));
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin' };
    if (!owner || !ticket) {
      const body = JSON.stringify(new CamrelayError('FRAME_GONE').toJSON());
      res.writeHead(ERROR_CODES.FRAME_GONE.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    owner.tickets.delete(Number(n));
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      ticket.done();
    };
    res.once('finish', release);
    res.once('close', release);
    res.writeHead(200, { ...headers, 'Content-Type': 'image/jpeg', 'Content-Length': ticket.frame.jpeg.length });
    res.end(ticket.frame.jpeg);
  }

  private sweep(): void {
    const now = Date.now();
    for (const owner of this.owners.values()) {
      for (const [n, ticket] of owner.tickets) {
        if (ticket.expires > now) continue;
        owner.tickets.delete(n);
        ticket.done();
      }
    }
  }
}
