/**
 * A small reverse proxy on loopback whose faults a test switches on and off mid-run: block paths
 * (answer 403), refuse WebSocket upgrades (answer 500). Everything else is forwarded as is.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyFaults {
  /** Requests whose path matches get 403 and never reach the server. */
  block?: RegExp | null;
  /** WebSocket upgrade requests get `HTTP/1.1 500`. */
  refuseUpgrade?: boolean;
  /** Send the target's own `Host` upstream, as nginx's bare `proxy_pass` does (and no upgrades). */
  rewriteHost?: boolean;
}

export class HttpProxy {
  faults: ProxyFaults = {};
  /** WebSocket upgrade requests seen, refused or not: a client in an error loop shows here. */
  upgradeAttempts = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((req, res) => {
      if (this.faults.block?.test(req.url ?? '')) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('blocked by test proxy');
        return;
      }
      const headers = this.faults.rewriteHost ? { ...req.headers, host: `${target.host}:${target.port}` } : req.headers;
      const upstream = request({ ...target, method: req.method, path: req.url, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(req, socket, head));
  }

  static async start(target: { host: string; port: number }): Promise<HttpProxy> {
    const proxy = new HttpProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.upgradeAttempts++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    if (this.faults.refuseUpgrade || this.faults.rewriteHost || this.faults.block?.test(req.url ?? '')) {
      socket.end('HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(this.target.port, this.target.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => (this.sockets.delete(upstream), socket.destroy()));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  }
}
