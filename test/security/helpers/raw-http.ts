/**
 * One HTTP exchange over a raw TCP socket, for requests fetch will not send: lying lengths,
 * bodies that trickle or stop, thousands of headers. Never waits past its deadline.
 */
import { connect, type Socket } from 'node:net';

export interface RawResult {
  /** The status of the server's answer, or null when it sent none. */
  status: number | null;
  /** Everything the server sent. */
  text: string;
  /** True when the server closed the connection (or reset it) before the deadline. */
  closedByServer: boolean;
  /** True when the deadline passed with neither a complete answer nor a close. */
  timedOut: boolean;
  /** Milliseconds from connecting to the answer or the close. */
  ms: number;
}

/** A complete response has arrived: head, and a body as long as its Content-Length says. */
function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
  return !length || Buffer.byteLength(text.slice(end + 4)) >= Number(length[1]);
}

/**
 * Connects, lets `write` send whatever it likes (it may keep writing until `stopped()`), and
 * resolves once the server has answered in full, closed the connection, or `timeoutMs` passed.
 * The client socket is always destroyed before this resolves.
 */
export function rawExchange(port: number, write: (socket: Socket, stopped: () => boolean) => void, timeoutMs = 5000): Promise<RawResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = (closedByServer: boolean, timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : null, text, closedByServer, timedOut, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (complete(text)) finish(false, false);
    });
    socket.on('end', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.on('error', () => finish(true, false));
    socket.once('connect', () => write(socket, () => done));
  });
}

/** The head of a request, with CRLFs, ending in the blank line. */
export function head(lines: string[]): string {
  return lines.join('\r\n') + '\r\n\r\n';
}
