/** naive-socketio: the relay most people write first: stock Socket.IO, `socket.broadcast.emit`. */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { RunningSystem } from './system.js';

export async function startNaiveSocketio(): Promise<RunningSystem> {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.on('frame', (meta: unknown, jpeg: Buffer) => socket.broadcast.emit('frame', meta, jpeg));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as { port: number }).port,
    // A binary event is two engine.io packets (header + attachment) in the socket's write buffer.
    heldMax: () => Math.max(0, ...[...io.sockets.sockets.values()].map((s) => (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length / 2)),
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => resolve());
      }),
  };
}
