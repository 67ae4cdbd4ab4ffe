import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';
import { head, rawExchange, type RawResult } from './helpers/raw-http.js';

const LIMIT = 64 * 1024;
let server: TestServer;
let healthy: Healthy;
let jpeg: Buffer;
let baseline: number;

const connections = () => new Promise<number>((resolve, reject) => server.http.getConnections((err, n) => (err ? reject(err) : resolve(n))));

beforeAll(async () => {
  server = await startTestServer({ maxFrameBytes: LIMIT });
  healthy = await startHealthy(server);
  jpeg = await makeJpeg(64, 48, 5);
  // The healthy pair's WebSockets (and any polling socket still in keep-alive) are the baseline.
  baseline = await connections();
});
afterAll(async () => {
  healthy?.stop();
  await stopTestServer(server);
});

/** The head of a frame POST for camera `atk` with the capture token unless told otherwise. */
function post(extra: string[], token = server.captureToken): string {
  return head(['POST /api/cameras/atk/frames HTTP/1.1', `Host: 127.0.0.1:${server.port}`, `Authorization: Bearer ${token}`, 'X-Frame-Seq: 1', ...extra]);
}

/** The JSON error code in a raw answer. */
function code(r: RawResult): string | undefined {
  const body = r.text.slice(r.text.indexOf('\r\n\r\n') + 4);
  return body ? (JSON.parse(body) as { error?: string }).error : undefined;
}

/** Writes `chunk` over and over as chunked encoding, honouring back-pressure, until `total` bytes or stopped. */
function pumpChunks(socket: Socket, stopped: () => boolean, total: number, end: boolean): void {
  const chunk = Buffer.alloc(16 * 1024, 0xab);
  const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  let sent = 0;
  const pump = () => {
    while (!stopped() && sent < total) {
      sent += chunk.length;
      if (!socket.write(framed)) return void socket.once('drain', pump);
    }
    if (end && !stopped()) socket.write('0\r\n\r\n');
  };
  pump();
}

/** Nothing from `atk` was taken, no connection is left over, and the healthy camera still flows. */
async function afterAttack(): Promise<void> {
  expect(server.relay.cameras.getLocal('atk')).toBeUndefined();
  await waitFor(async () => (await connections()) <= baseline, 'the server back to its baseline connections', 5000);
  await healthy.stillFlowing();
}

describe('HTTP POST ingest', () => {
  it('answers a wrong or missing Content-Type with 415 BAD_CONTENT_TYPE', async () => {
    for (const type of ['text/plain', 'image/png', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', null]) {
      const r = await rawExchange(server.port, (s) => {
        s.write(post([...(type ? [`Content-Type: ${type}`] : []), `Content-Length: ${jpeg.length}`]));
        s.write(jpeg);
      });
      expect(r.timedOut, String(type)).toBe(false);
      expect([r.status, code(r)], String(type)).toEqual([415, 'BAD_CONTENT_TYPE']);
    }
    await afterAttack();
  });

  it('answers an oversized body with 413 FRAME_TOO_LARGE, with a Content-Length and chunked', async () => {
    const withLength = await rawExchange(server.port, (s, stopped) => {
      s.write(post(['Content-Type: image/jpeg', `Content-Length: ${4 * LIMIT}`]));
      const chunk = Buffer.alloc(LIMIT, 0xab);
      let sent = 0;
      const pump = () => {
        while (!stopped() && sent < 4 * LIMIT) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      pump();
    });
    expect(withLength.timedOut).toBe(false);
    expect([withLength.status, code(withLength)]).toEqual([413, 'FRAME_TOO_LARGE']);
    const chunked = await rawExchange(server.port, (s, stopped) => {
      s.write(post(['Content-Type: image/jpeg', 'Transfer-Encoding: chunked']));
      pumpChunks(s, stopped, 32 * LIMIT, true);
    });
    expect(chunked.timedOut).toBe(false);
    expect([chunked.status, code(chunked)]).toEqual([413, 'FRAME_TOO_LARGE']);
    await afterAttack();
  });

  it('answers a body cut short by the client (half-close) with 400, and forgets one cut by a reset', async () => {
    const halfClosed = await rawExchange(server.port, (s) => {
      s.write(post(['Content-Type: image/jpeg', `Content-Length: ${jpeg.length}`]));
      s.end(jpeg.subarray(0, jpeg.length >> 1));
    });
    expect(halfClosed.timedOut).toBe(false);
    expect(halfClosed.status).toBe(400);
    const reset = await rawExchange(server.port, (s) => {
      s.write(post(['Content-Type: image/jpeg', `Content-Length: ${jpeg.length}`]));
      s.write(jpeg.subarray(0, jpeg.length >> 1), () => s.resetAndDestroy());
    });
    expect(reset.status).toBe(null);
    await afterAttack();
  });

  it('refuses a wrong token at once and closes, without waiting for a body that never comes', async () => {
    const r = await rawExchange(server.port, (s) => {
      s.write(post(['Content-Type: image/jpeg', 'Content-Length: 100000'], 'not-the-token'));
      s.write(jpeg.subarray(0, 100));
    });
    expect(r.timedOut).toBe(false);
    expect(r.ms).toBeLessThan(5000);
    expect([r.status, code(r)]).toEqual([401, 'BAD_TOKEN']);
    expect(r.text).toMatch(/\r\nConnection: close\r\n/i);
    await afterAttack();
  });

  it('answers a body that stops short, one trickled at 1 byte a second and a stalled oversized one with a 4xx, and closes', async () => {
    // The server judges a body slow after 5 s (checked each second), so each answer takes 5-6 s; run them side by side.
    const [short, trickle, oversized] = await Promise.all([
      rawExchange(
        server.port,
        (s) => {
          s.write(post(['Content-Type: image/jpeg', `Content-Length: ${jpeg.length * 10}`]));
          s.write(jpeg.subarray(0, 100));
        },
        10_000,
      ),
      rawExchange(
        server.port,
        (s, stopped) => {
          s.write(post(['Content-Type: image/jpeg', `Content-Length: ${jpeg.length}`]));
          let i = 0;
          const timer = setInterval(() => (stopped() || i >= jpeg.length ? clearInterval(timer) : s.write(jpeg.subarray(i, ++i))), 1000);
        },
        10_000,
      ),
      rawExchange(
        server.port,
        (s) => {
          s.write(post(['Content-Type: image/jpeg', `Content-Length: ${4 * LIMIT}`]));
          s.write(jpeg.subarray(0, 1000));
        },
        10_000,
      ),
    ]);
    for (const [what, r] of [
      ['a body short of its Content-Length', short],
      ['a 1-byte-per-second body', trickle],
      ['an oversized Content-Length, body stalled', oversized],
    ] as const) {
      console.log(`${what}: ${r.status} ${code(r)} after ${r.ms} ms`);
      expect(r.timedOut, what).toBe(false);
      expect(r.ms, what).toBeLessThan(8000);
      expect(r.status, what).toBeGreaterThanOrEqual(400);
      expect(r.status, what).toBeLessThan(500);
      expect(['SLOW_REQUEST', 'FRAME_TOO_LARGE'], what).toContain(code(r));
      expect(r.text, what).toMatch(/\r\nConnection: close\r\n/i);
    }
    await afterAttack();
  });

  // body-parser drains an over-limit body before it answers; the slow-body guard cuts the stall.
  it('answers an over-limit chunked body whose sender then stalls, within the slow-body window', async () => {
    const r = await rawExchange(
      server.port,
      (s, stopped) => {
        s.write(post(['Content-Type: image/jpeg', 'Transfer-Encoding: chunked']));
        pumpChunks(s, stopped, 2 * LIMIT, false);
      },
      9000,
    );
    expect(r.timedOut).toBe(false);
    expect([
      [413, 'FRAME_TOO_LARGE'],
      [408, 'SLOW_REQUEST'],
    ]).toContainEqual([r.status, code(r)]);
    await afterAttack();
  });
});
