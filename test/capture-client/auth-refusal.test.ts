/**
 * A mistyped capture token, as a person makes one: the client says so and keeps to Socket.IO, and
 * the corrected token from the same PC streams at once, however often the wrong one was tried.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { authRefusal } from '../../common/capture/status-line.js';

/** One raw `/capture` handshake; resolves with the refusal code (or `connected`). */
function handshake(url: string, token: string): Promise<string> {
  const socket = io(`${url}/capture`, { auth: { token, cameraId: 'porch' }, forceNew: true, reconnection: false, transports: ['websocket'] });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
  }).finally(() => socket.close());
}

describe('a capture client with a wrong token', () => {
  let server: TestServer | undefined;
  const cameras: TestCamera[] = [];
  afterEach(async () => {
    cameras.splice(0).forEach((c) => c.stop());
    await stopTestServer(server);
    server = undefined;
  });

  it('is told BAD_TOKEN, never falls back to HTTP, and the right token from the same PC sends frames within 5 s', async () => {
    server = await startTestServer();
    const wrong = await startCamera(server.url, 'mistyped-token-0123456789', 'porch', { transport: 'auto', fps: 10 });
    cameras.push(wrong);
    await waitFor(() => wrong.events.includes('refused:BAD_TOKEN'), 'the refusal');
    // The old client retried the same wrong token every few seconds: twenty times, fast.
    for (let i = 0; i < 20; i++) expect(await handshake(server.url, 'mistyped-token-0123456789')).toBe('BAD_TOKEN');
    // Past the 3 s after which a client that cannot connect falls back to HTTP POST.
    await waitFor(() => wrong.client.stats.produced > 40, 'four seconds of frames offered');
    expect(wrong.client.stats.link).not.toBe('http');
    expect(wrong.client.stats.sent).toBe(0);
    expect(wrong.client.stats.lastError).toBe('BAD_TOKEN');
    wrong.stop();

    const started = Date.now();
    const right = await startCamera(server.url, server.captureToken, 'porch', { transport: 'auto', fps: 10 });
    cameras.push(right);
    await waitFor(() => right.client.stats.acked > 0, 'a frame acked for the right token', 5000);
    console.log(`[auth] right token after 20 wrong ones: first frame acked ${Date.now() - started} ms after starting`);
    expect(right.events).not.toContain('refused:TOO_MANY_ATTEMPTS');
  });

  it('over HTTP POST too: told BAD_TOKEN as a refusal, and not a frame per refusal', async () => {
    server = await startTestServer();
    const wrong = await startCamera(server.url, 'mistyped-token-0123456789', 'shed', { transport: 'http', fps: 10 });
    cameras.push(wrong);
    await waitFor(() => wrong.events.includes('refused:BAD_TOKEN'), 'the refusal, as a refusal');
    // The POSTs already in flight when the first refusal came (two at most) still went; none after it.
    const sentAtRefusal = wrong.client.stats.sent;
    expect(sentAtRefusal).toBeLessThanOrEqual(2);
    const produced = wrong.client.stats.produced;
    await waitFor(() => wrong.client.stats.produced > produced + 20, 'two more seconds of frames offered');
    // The next POST waits 30 s.
    expect(wrong.client.stats.sent).toBe(sentAtRefusal);
  });

  it('says what is wrong and what it does next, in words', () => {
    expect(authRefusal('BAD_TOKEN', 'The capture token is missing or wrong.', 'porch', false)).toBe(
      'The server refused the token for "porch" (BAD_TOKEN). Check --token: the capture token the server printed at start, or a token made for this camera id. Nothing is sent meanwhile; asking again every 30 s.',
    );
    expect(authRefusal('REVOKED', 'x', 'porch', true)).toMatch(/revoked \(REVOKED\)\. Ask an admin for a new one\. Exiting \(--exit-on-auth-error\)\.$/);
  });
});
