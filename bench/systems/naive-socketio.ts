/** naive-socketio: the relay most people write first: stock Socket.IO, `socket.broadcast.emit`; `acks`: each frame acked by its publisher's relay and by every viewer, as camrelay's are (naive-socketio-ack). */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { RunningSystem } from './system.js';

export async function startNaiveSocketio(acks = false): Promise<RunningSystem> {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.on('frame', (meta: { seq?: unknown }, jpeg: Buffer, ack?: unknown) => {
      // With acks each viewer answers each frame too (Socket.IO's broadcast with acks, encoded once), as camrelay's viewers do.
      if (acks) socket.broadcast.timeout(5000).emit('frame', meta, jpeg, () => {});
      else socket.broadcast.emit('frame', meta, jpeg);
      if (acks && typeof ack === 'function') (ack as (a: unknown) => void)({ ok: true, seq: meta.seq });
    });
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
