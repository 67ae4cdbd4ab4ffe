import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));
if (!openssl) console.warn('\n*** No openssl: the TLS test is SKIPPED. ***\n');

/** A throwaway self-signed certificate for 127.0.0.1. */
function selfSigned(): { cert: string; key: string; pem: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    openssl!,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

describe.runIf(openssl)('TLS', () => {
  it('serves HTTPS and WSS directly, and the session cookie is Secure', async () => {
    const { cert, key, pem } = selfSigned();
    server = await startTestServer({ tlsCert: cert, tlsKey: key });
    const url = `https://127.0.0.1:${server.port}`;
    const login = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const body = JSON.stringify(TEST_ADMIN);
      const req = request(
        `${url}/api/login`,
        { method: 'POST', ca: pem, headers: { 'content-type': 'application/json', origin: url, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie']) });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(login.status).toBe(200);
    expect(login.cookie).toMatch(/HttpOnly/);
    expect(login.cookie).toMatch(/SameSite=Strict/);
    expect(login.cookie).toMatch(/Secure/);

    const socket = io(`${url}/monitor`, { ca: pem, auth: TEST_ADMIN, forceNew: true });
    try {
      await waitFor(() => socket.connected && socket.io.engine.transport.name === 'websocket', 'a WSS connection');
    } finally {
      socket.close();
    }
  });
});
