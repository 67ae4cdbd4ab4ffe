import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { stopTestServer } from '../helpers/server.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';
import { startLoggedServer, type LoggedServer } from './helpers/logged-server.js';

let server: LoggedServer | undefined;
let healthy: Healthy | undefined;
afterEach(async () => {
  healthy?.stop();
  await stopTestServer(server);
  server = healthy = undefined;
});

interface Refusal {
  message: string;
  data?: { code?: string; message?: string };
}

/** One `/capture` handshake with this auth payload; resolves with the refusal (fails if it connects). */
function handshake(url: string, auth: Record<string, unknown>): Promise<Refusal> {
  const socket = io(`${url}/capture`, { auth, forceNew: true, reconnection: false, transports: ['websocket'] });
  return new Promise<Refusal>((resolve, reject) => {
    socket.once('connect', () => reject(new Error(`handshake with ${JSON.stringify(Object.keys(auth))} was accepted`)));
    socket.once('connect_error', (err: Refusal) => resolve(err));
  }).finally(() => socket.close());
}

/** One `/capture` handshake that the server should cut before answering it: resolves with why it closed. */
function closedBeforeJoin(url: string, auth: Record<string, unknown>): Promise<string> {
  const socket = io(`${url}/capture`, { auth, forceNew: true, reconnection: false, transports: ['websocket'] });
  return new Promise<string>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', (err) => reject(new Error(`answered ${err.message} instead of closing`)));
    socket.io.once('close', (reason) => resolve(reason));
  }).finally(() => socket.close());
}

describe('capture handshake tokens', () => {
  it('refuses missing, wrong, foreign, huge and prototype-named tokens with BAD_TOKEN, accepts no frame and logs no token', async () => {
    server = await startLoggedServer();
    healthy = await startHealthy(server);
    const other = server.store.createToken('cam-b');
    const wrong = `wrong-${randomBytes(12).toString('hex')}`;
    const huge = `huge-${randomBytes(16).toString('hex')}`.padEnd(1024 * 1024, 'h');
    const tokens = [wrong, other.secret, 'toString', '__proto__', 'constructor', ''];
    const attempts: Array<Record<string, unknown>> = [{ cameraId: 'cam-a' }, ...tokens.map((token) => ({ token, cameraId: 'cam-a' }))];
    // 8 failures: under the limiter's 10 a minute, so each answer is the token's own.
    expect(attempts.length).toBeLessThan(10);

    for (const auth of attempts) {
      const err = await handshake(server.url, auth);
      expect(err.data?.code, `refusal code for ${String(auth.token).slice(0, 20)}`).toBe('BAD_TOKEN');
      for (const token of tokens.filter((t) => t.length >= 8)) expect(`${err.message} ${err.data?.message}`).not.toContain(token.slice(0, 64));
    }

    // A 1 MB token is over what a connection may send before it has signed in (64 KB): cut unread.
    expect(await closedBeforeJoin(server.url, { token: huge, cameraId: 'cam-a' })).toBe('transport close');

    expect(server.relay.cameras.getLocal('cam-a')).toBeUndefined();
    expect(server.relay.cameras.getLocal('cam-b')).toBeUndefined();
    expect(healthy.viewer.frames.filter((f) => f.cameraId !== healthy!.cameraId)).toEqual([]);
    // The same token is good for its own camera: what was refused above was the camera, not the token.
    const own = io(`${server.url}/capture`, {
      auth: { token: other.secret, cameraId: 'cam-b' },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
    });
    await new Promise<void>((resolve, reject) => {
      own.once('connect', () => resolve());
      own.once('connect_error', reject);
    });
    own.close();

    await healthy.stillFlowing();
    const log = server.logText();
    // Repeated refusals of one kind from one address are one line, then a count once a minute.
    expect(log.match(/capture handshake refused/g)).toHaveLength(1);
    expect(server.metrics.registry.getSingleMetric('camrelay_refusals_total')).toBeDefined();
    const refusals = await server.metrics.registry.getSingleMetricAsString('camrelay_refusals_total');
    expect(refusals).toContain(`camrelay_refusals_total{code="BAD_TOKEN"} ${attempts.length}`);
    expect(refusals).toContain('camrelay_refusals_total{code="HANDSHAKE_TOO_LARGE"} 1');
    for (const token of [...tokens.filter((t) => t !== ''), huge, server.captureToken])
      expect(log, `the log holds "${token.slice(0, 20)}"`).not.toContain(token.slice(0, 64));
  });
});
