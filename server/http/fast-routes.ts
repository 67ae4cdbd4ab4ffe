/**
 * Requests answered before Express sees them, by path prefix, as Engine.IO serves its own path.
 * For requests made once per frame per viewer, where Express's router and middleware would cost
 * more than writing the frame. Such a route sets its own security headers.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse, rest: string) => void;

export class FastRoutes {
  private readonly routes: Array<{ method: string; prefix: string; handler: Handler }> = [];

  /** `handler` gets what follows `prefix` in the URL (query string included). */
  get(prefix: string, handler: Handler): void {
    this.routes.push({ method: 'GET', prefix, handler });
  }

  /** The server's request listener: the fast routes, then `fallback` (the Express app). */
  listener(fallback: RequestListener): RequestListener {
    return (req, res) => {
      const url = req.url ?? '';
      for (const r of this.routes) {
        if (req.method === r.method && url.startsWith(r.prefix)) return r.handler(req, res, url.slice(r.prefix.length));
      }
      fallback(req, res);
    };
  }
}
