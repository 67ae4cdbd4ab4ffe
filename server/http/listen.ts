/** The relay's HTTP(S) server: its slow-loris deadlines, TLS when configured, and listening. */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingHttpHeaders, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';

// Slow-loris guards: headers within 10 s, a whole request within 60 s (uploads have their own rate
// check, JSON bodies a 10 s deadline). Node checks both only every connectionsCheckingInterval
// (30 s by default), which made the 10 s up to 40 s; checked every second they hold within 1 s.
const TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1000 };

// An idle keep-alive connection is closed by its client, not by the relay. Node's 5 s default
// equals the idle time of Node's own agent (which Playwright's API client and many scripts use)
// and is below nginx's upstream keepalive_timeout (60 s): a client could send its next request
// into a socket the relay was closing that instant and read ECONNRESET. 65 s outlasts them all;
// stop() still closes idle connections at once.
export const KEEP_ALIVE_MS = 65_000;

/** An HTTPS server when given a certificate and key (file paths), else plain HTTP. */
export function createHttpServer(tls: { cert: string; key: string } | null, listener: RequestListener): HttpServer {
  const server = tls ? createHttps({ ...TIMEOUTS, cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, listener) : createHttp(TIMEOUTS, listener);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return server;
}

/** Listens and resolves with the port (the one chosen for port 0); rejects on EADDRINUSE and the like. */
export function listen(http: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve((http.address() as AddressInfo).port);
    });
  });
}

/**
 * The caller's address for rate limits. Behind our own proxy (`trustProxy`), the last
 * X-Forwarded-For entry is the one it appended; anything before it came from the client and could be anything.
 */
export function clientIpOf(trustProxy: boolean): (headers: IncomingHttpHeaders, address: string) => string {
  return (headers, address) => {
    const forwarded = headers['x-forwarded-for'];
    return trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() || address : address;
  };
}
