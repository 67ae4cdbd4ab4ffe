/**
 * What the capture client says when the relay cannot be reached, and what to try when the cause is
 * the scheme: an http:// address against a relay serving HTTPS gets only a closed socket ("xhr poll
 * error", ECONNRESET), which says nothing by itself (issue #25). One handshake in the other scheme
 * to the same port tells.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** How long one probe may take: a relay on the LAN answers a handshake in milliseconds. */
const PROBE_MS = 2000;

/** Lets `check` decide what the socket's peer speaks: false on an error, a close or the deadline. The socket is destroyed after. */
function ask(socket: Socket, check: (done: (yes: boolean) => void) => void, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
    check(resolve);
  }).finally(() => {
    clearTimeout(timer);
    socket.destroy();
  });
}

/** True when host:port completes a TLS handshake (any certificate: this only asks which scheme it speaks). */
function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const socket = tlsConnect({ host, port, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) });
  return ask(socket, (done) => socket.once('secureConnect', () => done(true)), timeoutMs);
}

/** True when host:port answers a plain HTTP request with an HTTP status line. */
function speaksHttp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const socket = netConnect({ host, port });
  return ask(
    socket,
    (done) => {
      socket.once('connect', () => socket.write(`HEAD / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
      // The first chunk's first five bytes ("HTTP/") are all this reads: the socket is gone right after.
      socket.once('data', (chunk: Buffer) => done(chunk.subarray(0, 5).toString('latin1') === 'HTTP/'));
    },
    timeoutMs,
  );
}

/**
 * The address to try instead when the relay at `server` speaks the other scheme (`https://host:3000`
 * for `http://host:3000` against HTTPS, and the reverse), or null when it does not (or is not there).
 */
export async function otherScheme(server: string, timeoutMs = PROBE_MS): Promise<string | null> {
  if (!URL.canParse(server)) return null;
  const url = new URL(server);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const other = secure ? await speaksHttp(host, port, timeoutMs) : await speaksTls(host, port, timeoutMs);
  if (!other) return null;
  url.protocol = secure ? 'http:' : 'https:';
  // The port stays the one that answered, even where it is the old scheme's default.
  url.port = String(port);
  return url.href.replace(/\/$/, server.endsWith('/') ? '/' : '');
}

/** The "Cannot reach" lines of one capture client: each failed attempt, with the other scheme to try when that is the cause. */
export class Unreachable {
  private probing = false;

  constructor(
    private readonly server: string,
    private readonly probe: (server: string) => Promise<string | null> = otherScheme,
  ) {}

  /** The line for a failed attempt; null while the probe for an earlier attempt still runs (the next attempt says it). */
  async line(cause: string): Promise<string | null> {
    if (this.probing) return null;
    this.probing = true;
    try {
      const other = await this.probe(this.server).catch(() => null);
      if (!other) return `Cannot reach ${this.server} (${cause}); retrying.`;
      const scheme = other.startsWith('https:') ? 'HTTPS' : 'plain HTTP';
      return `Cannot reach ${this.server} (${cause}): the relay there is using ${scheme}; try --server ${other}. Retrying.`;
    } finally {
      this.probing = false;
    }
  }
}
