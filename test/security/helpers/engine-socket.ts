/**
 * A raw engine.io v4 WebSocket, for sending Socket.IO packets no well-behaved client would: it
 * answers the open packet and pings, and otherwise sends exactly the bytes it is given.
 */
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export class EngineSocket {
  /** Every message the server sent after the open packet, text as strings. */
  readonly received: Array<string | Buffer> = [];
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<Closed>;
  private isOpen = true;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.isOpen = false;
        resolve({ code, reason: reason.toString() });
      }),
    );
    ws.on('error', () => {}); // a server that drops us mid-frame is an expected outcome here
    ws.on('message', (data: Buffer, binary) => {
      const msg = binary ? data : data.toString();
      if (msg === '2') return this.send('3'); // engine.io ping → pong, so only our packets decide the fate
      this.received.push(msg);
    });
  }

  /** Connects and waits for the engine.io open packet (`0{…"sid"…}`). */
  static open(port: number, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<EngineSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { headers, handshakeTimeout: timeoutMs });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('no engine.io open packet'));
      }, timeoutMs);
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.once('message', (data: Buffer) => {
        clearTimeout(timer);
        const text = data.toString();
        if (!text.startsWith('0{')) return reject(new Error(`unexpected first packet ${text.slice(0, 40)}`));
        resolve(new EngineSocket(ws));
      });
    });
  }

  get open(): boolean {
    return this.isOpen && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a text frame (a string, or raw bytes that may not even be UTF-8) or a binary one. */
  send(data: string | Buffer, binary = false): void {
    if (this.open) this.ws.send(data, { binary });
  }

  /** Resolves with the first received message that matches, or null after the timeout or on close. */
  async next(match: (m: string | Buffer) => boolean, timeoutMs = 5000): Promise<string | Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.received.find(match);
      if (found !== undefined) return found;
      if (!this.open) return null;
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  }

  close(): void {
    this.ws.terminate();
  }
}
