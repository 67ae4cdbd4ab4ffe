import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { startHealthy, type Healthy } from './helpers/healthy.js';

// The server trusts X-Forwarded-For here, so one loopback client can speak for several addresses;
// these are documentation addresses in a header only, nothing is sent anywhere but 127.0.0.1.
const ATTACKER = '203.0.113.9';
const TOKEN_GUESSER = '203.0.113.10';
const LEGIT = '198.51.100.7';

let server: TestServer | undefined;
let healthy: Healthy | undefined;
afterEach(async () => {
  healthy?.stop();
  await stopTestServer(server);
  server = healthy = undefined;
});

async function loginFrom(
  address: string,
  password: string,
): Promise<{ status: number; retryAfter: string | null; body: { ok: boolean; error?: string; retryAfterMs?: number } }> {
  const res = await fetch(`${server!.url}/api/login`, {
    method: 'POST',
    headers: { origin: server!.url, 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username: TEST_ADMIN.username, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { ok: boolean; error?: string } };
}

/** A /capture handshake from `address`: 'connected', or the refusal's code. */
function handshakeFrom(address: string, token: string, cameraId: string): Promise<string> {
  const socket = io(`${server!.url}/capture`, {
    auth: { token, cameraId },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
    extraHeaders: { 'x-forwarded-for': address },
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
  }).finally(() => socket.close());
}

async function postFrom(address: string, token: string): Promise<{ status: number; retryAfter: string | null; error?: string }> {
  const res = await fetch(`${server!.url}/api/cameras/guess/frames`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-forwarded-for': address },
    body: new Uint8Array(await makeJpeg(16, 16)),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), error: ((await res.json()) as { error?: string }).error };
}

function expectThrottled(r: { status: number; retryAfter: string | null }): void {
  expect(r.status).toBe(429);
  expect(Number(r.retryAfter)).toBeGreaterThan(0);
  expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
}

describe('brute force from one address', () => {
  it('throttles repeated bad logins with 429 TOO_MANY_ATTEMPTS and Retry-After, and spares other addresses', async () => {
    server = await startTestServer({ trustProxy: true });
    healthy = await startHealthy(server);
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) codes.push((await loginFrom(ATTACKER, `guess-${i}`)).body.error!);
    // Ten failures a minute: the first nine are told the password is wrong, then the address is blocked.
    expect(codes.slice(0, 9)).toEqual(Array(9).fill('BAD_CREDENTIALS'));
    expect(codes.slice(10)).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    const blocked = await loginFrom(ATTACKER, 'one-more-guess');
    expectThrottled(blocked);
    expect(blocked.body).toMatchObject({ ok: false, error: 'TOO_MANY_ATTEMPTS' });
    expect(blocked.body.retryAfterMs).toBeGreaterThan(0);
    // The same address is throttled on the /monitor handshake and on HTTP Basic too.
    const monitor = io(`${server.url}/monitor`, {
      auth: { username: 'admin', password: 'yet-another-guess' },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      extraHeaders: { 'x-forwarded-for': ATTACKER },
    });
    const refusal = await new Promise<string | undefined>((resolve) => {
      monitor.once('connect', () => resolve('connected'));
      monitor.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code));
    });
    monitor.close();
    expect(refusal).toBe('TOO_MANY_ATTEMPTS');
    const basic = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Basic ${Buffer.from('admin:basic-guess').toString('base64')}`, 'x-forwarded-for': ATTACKER },
    });
    expectThrottled({ status: basic.status, retryAfter: basic.headers.get('retry-after') });

    // Another address signs in, and a camera from it connects and streams.
    expect((await loginFrom(LEGIT, TEST_ADMIN.password)).status).toBe(200);
    expect(await handshakeFrom(LEGIT, server.captureToken, 'legit')).toBe('connected');
    await healthy.stillFlowing();
  });

  it('refuses even the right password from a blocked address', async () => {
    server = await startTestServer({ trustProxy: true });
    healthy = await startHealthy(server); // its viewer signs in with the admin password: now in the cache
    for (let i = 0; i < 10; i++) await loginFrom(ATTACKER, `guess-${i}`);
    expectThrottled(await loginFrom(ATTACKER, TEST_ADMIN.password));
    await healthy.stillFlowing();
  });

  it('throttles repeated bad camera tokens on Socket.IO and HTTP, while a camera from another address streams on', async () => {
    // The fps cap is not under test: it must not refuse the legitimate camera's frames sent between handshakes.
    server = await startTestServer({ trustProxy: true, maxFps: 1000 });
    healthy = await startHealthy(server);
    // A legitimate camera from another address, connected before the attack and sending through it.
    const legit = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'legit' },
      forceNew: true,
      transports: ['websocket'],
      extraHeaders: { 'x-forwarded-for': LEGIT },
    });
    await new Promise<void>((resolve, reject) => {
      legit.once('connect', () => resolve());
      legit.once('connect_error', reject);
    });
    const jpeg = await makeJpeg(32, 24, 1);
    let seq = 0;
    const send = () => legit.timeout(5000).emitWithAck('frame', { seq: ++seq, capturedAt: Date.now() }, jpeg) as Promise<{ ok: boolean }>;

    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(await handshakeFrom(TOKEN_GUESSER, `guess-${i}`, 'legit'));
      expect(await send()).toMatchObject({ ok: true });
    }
    expect(codes.slice(0, 9)).toEqual(Array(9).fill('BAD_TOKEN'));
    expect(codes.slice(10)).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    // The right token from the blocked address is refused too, on both ingest paths.
    expect(await handshakeFrom(TOKEN_GUESSER, server.captureToken, 'guess')).toBe('TOO_MANY_ATTEMPTS');
    const post = await postFrom(TOKEN_GUESSER, 'guess-http');
    expectThrottled(post);
    expect(post.error).toBe('TOO_MANY_ATTEMPTS');
    expect(server.relay.cameras.getLocal('guess')).toBeUndefined();

    // A camera from another address (and one with no forwarded header) still connects, and the legitimate one still sends.
    expect(await handshakeFrom(LEGIT, server.captureToken, 'legit-2')).toBe('connected');
    expect((await postFrom(LEGIT, server.captureToken)).status).toBe(202);
    expect(await send()).toMatchObject({ ok: true });
    legit.close();
    await healthy.stillFlowing();
  });
});
