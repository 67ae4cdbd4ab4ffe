/** raw-ws: a bare `ws` server that sends each published message to every subscriber. The floor. */
import { WebSocketServer, type WebSocket } from 'ws';
import type { RunningSystem } from './system.js';

export async function startRawWs(): Promise<RunningSystem> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 8 * 1024 * 1024 });
  const subs = new Set<WebSocket>();
  wss.on('connection', (ws, req) => {
    if (req.url === '/pub') {
      ws.on('message', (data: Buffer) => {
        for (const sub of subs) sub.send(data);
      });
      return;
    }
    subs.add(ws);
    ws.on('close', () => subs.delete(ws));
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  return {
    port,
    // ws buffers in bytes; count them as frames of the bench's size for comparison.
    heldMax: () => Math.max(0, ...[...subs].map((s) => s.bufferedAmount / 142_000)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of subs) s.terminate();
        wss.close(() => resolve());
      }),
  };
}
