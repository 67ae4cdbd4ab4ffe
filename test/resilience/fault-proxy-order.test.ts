/**
 * The shaping proxy keeps the bytes of a connection in order, as TCP does, under a bandwidth cap and latency on a
 * busy event loop. It used to give each chunk a timer of its own: timers due within the same millisecond (their delays
 * computed from Date.now(), their start from the event loop's cached clock) could fire out of order, and a WebSocket
 * carried a Socket.IO packet's attachment after the next packet's header, which the page took for a protocol
 * violation and reconnected (#30's phone row).
 */
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { waitFor } from '../helpers/wait.js';

const MESSAGES = 2000;
const SIZE = 64;

/** Message `i`: its number, then filler, `SIZE` bytes. */
function message(i: number): Buffer {
  const b = Buffer.alloc(SIZE, i % 251);
  b.writeUInt32BE(i, 0);
  return b;
}

describe('FaultProxy', () => {
  let server: Server | null = null;
  let proxy: FaultProxy | null = null;
  afterEach(async () => {
    await proxy?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('delivers a capped, delayed stream in the order it was sent while the event loop is busy', async () => {
    // The target writes small messages one per turn of the event loop, as a relay writes frames.
    server = createServer((socket) => {
      socket.on('error', () => {}); // the reader hangs up once it has read everything
      let i = 0;
      const next = () => {
        if (socket.destroyed || i === MESSAGES) return;
        socket.write(message(i++));
        setImmediate(next);
      };
      next();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    proxy = await FaultProxy.start((server.address() as AddressInfo).port);
    Object.assign(proxy.faults, { latencyMs: 20, bytesPerSecond: 200_000 });
    const received: Buffer[] = [];
    let bytes = 0;
    const client = connect(proxy.port, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      received.push(chunk);
      bytes += chunk.length;
      // A page busy drawing: each read takes a few ms of the loop the proxy shares.
      const until = Date.now() + 2;
      while (Date.now() < until);
    });
    try {
      await waitFor(() => bytes >= MESSAGES * SIZE, 'every byte through the proxy', 30_000);
      const all = Buffer.concat(received);
      const outOfOrder: number[] = [];
      for (let i = 0; i < MESSAGES; i++) if (!all.subarray(i * SIZE, (i + 1) * SIZE).equals(message(i))) outOfOrder.push(i);
      expect(outOfOrder.slice(0, 5)).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});
