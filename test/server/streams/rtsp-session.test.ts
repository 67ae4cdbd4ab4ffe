/**
 * The bounds of one RTSP connection before it plays (#55), on a real RtspServer on port 0 with short
 * deadlines: answers a peer does not read, connections per address, and requests begun and never ended.
 * Only OPTIONS is sent, which needs no camera, so the server's camera side is an empty stand-in.
 */
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCodeName } from '../../../shared/errors.js';
import { FailureLimiter } from '../../../server/auth/rate-limit.js';
import type { LiveH264 } from '../../../server/relay/live-h264.js';
import { RtspServer, type RtspServerOptions } from '../../../server/streams/rtsp-server.js';
import type { SoundProbe } from '../../../server/streams/sound-probe.js';
import { STREAM_TOKEN_LIMITS } from '../../../server/streams/stream-auth.js';
import type { StreamTokens } from '../../../server/streams/stream-tokens.js';
import { waitFor } from '../../helpers/wait.js';

const OPTIONS = Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n');

let server: RtspServer | undefined;
const sockets: Socket[] = [];
let refusals: ErrorCodeName[] = [];

async function start(options: Omit<RtspServerOptions, 'offlineTimeoutMs'>): Promise<number> {
  refusals = [];
  server = new RtspServer(
    {
      // OPTIONS reads none of these.
      live: {} as LiveH264,
      camera: () => undefined,
      tokens: {} as StreamTokens,
      wrongTokens: new FailureLimiter(STREAM_TOKEN_LIMITS),
      probe: {} as SoundProbe,
      log: pino({ level: 'silent' }),
      refused: (_address, code) => refusals.push(code),
    },
    { offlineTimeoutMs: 10_000, ...options },
  );
  return server.listen(0, '127.0.0.1');
}

function open(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the socket receives until it closes. */
function received(socket: Socket): { text: string; closed: boolean } {
  const got = { text: '', closed: false };
  socket.on('data', (d: Buffer) => (got.text += d.toString('latin1')));
  socket.once('close', () => (got.closed = true));
  return got;
}

/** Writes `bytes` one at a time every 50 ms, then `then` for ever, until the socket closes. */
function trickle(socket: Socket, bytes: Buffer, then: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(Buffer.from([i < bytes.length ? bytes[i]! : then]));
    i++;
  }, 50);
  socket.once('close', () => clearInterval(timer));
}

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  await server?.close();
  server = undefined;
});

describe('RtspSession', () => {
  describe('answers a peer does not read', () => {
    it('holds at most 64 KiB of them while it pipelines OPTIONS, and closes the connection when they do not drain', async () => {
      const port = await start({ session: { stallMs: 1000 } });
      const socket = await open(port);
      // The peer reads nothing: 4 MB of requests, ~13 MB of answers.
      socket.pause();
      socket.write(Buffer.concat(Array.from({ length: 130_000 }, () => OPTIONS)));
      let most = 0;
      await waitFor(() => {
        most = Math.max(most, server!.queuedBytes);
        return server!.connections === 0;
      }, 'the connection closed for not reading');
      expect(most).toBeLessThanOrEqual(64 * 1024 + 200);
      expect(refusals).toContain('RTSP_NOT_READING');
    }, 30_000);

    it('answers every request of a peer that pipelines as many and reads them', async () => {
      const port = await start({ session: { stallMs: 1000 } });
      const socket = await open(port);
      const got = received(socket);
      socket.write(Buffer.concat(Array.from({ length: 20_000 }, () => OPTIONS)));
      await waitFor(() => got.text.split('RTSP/1.0 200 OK').length - 1 === 20_000, '20,000 answers');
      expect(server!.connections).toBe(1);
    }, 30_000);
  });

  describe('connections per address', () => {
    it('answers one over the cap with 503 and closes it, while another address is still let in', async () => {
      const port = await start({ maxConnectionsPerAddress: 4 });
      const kept = await Promise.all([0, 1, 2, 3].map(() => open(port)));
      await waitFor(() => server!.connections === 4, 'four connections');
      const over = received(await open(port));
      await waitFor(() => over.closed, 'the fifth closed');
      expect(over.text).toMatch(/^RTSP\/1\.0 503 Service Unavailable\r\n/);
      expect(refusals).toEqual(['RTSP_TOO_MANY_CONNECTIONS']);
      // Another address (on Linux all of 127/8 is loopback).
      const other = await open(port, '127.0.0.2');
      const got = received(other);
      other.write(OPTIONS);
      await waitFor(() => got.text.includes('\r\n\r\n'), 'the other address answered');
      expect(got.text).toMatch(/^RTSP\/1\.0 200 OK\r\n/);
      // A place given back is taken again.
      kept[0]!.destroy();
      await waitFor(() => server!.connections === 4, 'one closed');
      const again = received(await open(port));
      await waitFor(() => server!.connections === 5, 'a new one in its place');
      expect(again.closed).toBe(false);
    });
  });

  describe('deadlines', () => {
    // Each closed by its own deadline: the other is set far off.
    const request = { idleMs: 20_000, requestMs: 500 };
    const idle = { idleMs: 500, requestMs: 20_000 };
    const cases: Array<[string, Buffer, number, typeof idle, ErrorCodeName | undefined]> = [
      ['an unfinished request head', Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Pad: '), 0x61, request, 'RTSP_REQUEST_TIMEOUT'],
      ['an unfinished interleaved frame', Buffer.from([0x24, 0, 0xff, 0xff]), 0, request, 'RTSP_REQUEST_TIMEOUT'],
      ['bare CRLFs', Buffer.from('\r'), 0x0a, idle, undefined],
    ];
    for (const [what, start0, then, session, code] of cases) {
      it(`closes a connection sending ${what} a byte at a time`, async () => {
        const port = await start({ session });
        const socket = await open(port);
        const got = received(socket);
        trickle(socket, start0, then);
        await waitFor(() => got.closed, 'the connection closed');
        expect(refusals).toEqual(code ? [code] : []);
      });
    }

    it('keeps a connection sending whole requests past the idle time', async () => {
      const port = await start({ session: { idleMs: 2000, requestMs: 2000 } });
      const socket = await open(port);
      const got = received(socket);
      const timer = setInterval(() => socket.write(OPTIONS), 100);
      try {
        await waitFor(() => got.text.split('RTSP/1.0 200 OK').length - 1 >= 30 || got.closed, '30 answers');
      } finally {
        clearInterval(timer);
      }
      expect(got.closed).toBe(false);
    });
  });
});
