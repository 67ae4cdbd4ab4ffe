import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startCamera } from '../helpers/capture.js';
import { lanAddresses } from '../../server/http/lan.js';
import { freePort, startServerProcess } from '../helpers/processes.js';
import { TEST_ADMIN } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** Runs `npm start`'s entry point as a real process and collects what it prints. */
function runServer(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server/main', () => {
  it('exits with code 2 and one line naming the variable when a setting is bad', async () => {
    const { code, stderr } = await runServer([], { PORT: 'abc' });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['camrelay: PORT="abc" is not valid: it must be a whole number.']);
  });

  it('prints its settings for --help and exits 0', async () => {
    const { code, stdout } = await runServer(['--help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain('CAMRELAY_CAPTURE_TOKEN');
  });
});

const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));

/** GET over HTTPS trusting one certificate; resolves with the body. */
function httpsGet(url: string, ca: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.runIf(openssl)('the start banner with TLS on', () => {
  it('prints https:// addresses and an https:// capture command that connects as printed (with the CA given to Node)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-banner-tls-'));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    const names = ['IP:127.0.0.1', ...lanAddresses().map((a) => `IP:${a}`)].join(',');
    const subject = ['-subj', '/CN=camrelay-test', '-addext', `subjectAltName=${names}`];
    execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), HOST: '0.0.0.0', CAMRELAY_DATA_DIR: dir, CAMRELAY_LOG_LEVEL: 'warn' };
    const relay = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...env, CAMRELAY_ADMIN_PASSWORD: TEST_ADMIN.password, CAMRELAY_TLS_CERT: cert, CAMRELAY_TLS_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    relay.stdout.on('data', (d) => (printed += d));
    let capture: ReturnType<typeof spawn> | undefined;
    try {
      await waitFor(() => /npm run capture -- (.+)\n/.test(printed), 'the banner', 30_000);
      expect(printed).toContain(`  Live Monitor:  https://localhost:${port}/`);
      expect(printed).not.toContain('http://');
      const args = /npm run capture -- (.+)\n/.exec(printed)![1]!.trim().split(/\s+/);
      expect(args[1]).toMatch(/^https:\/\//);
      capture = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...args], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: cert },
        stdio: 'ignore',
      });
      const auth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
      const cameras = () => httpsGet(`https://127.0.0.1:${port}/api/cameras`, readFileSync(cert, 'utf8'), auth);
      await waitFor(
        async () => (JSON.parse(await cameras()) as Array<{ id: string; status: string }>).some((c) => c.id === 'front-door' && c.status === 'live'),
        'front-door live',
        30_000,
      );
    } finally {
      capture?.kill('SIGKILL');
      const exited = relay.exitCode !== null || relay.signalCode !== null ? Promise.resolve() : new Promise((resolve) => relay.once('exit', resolve));
      relay.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('graceful shutdown', () => {
  it('on SIGTERM during live streaming, tells the clients and exits with 0 within 5 s', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-stop-'));
    const port = await freePort();
    const server = await startServerProcess(port, dataDir);
    const url = `http://127.0.0.1:${port}`;
    const camera = await startCamera(url, readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim(), 'cam');
    const viewer = io(`${url}/monitor`, { forceNew: true, reconnection: false, auth: TEST_ADMIN });
    let frames = 0;
    let told = false;
    viewer.on('connect', () => viewer.emit('subscribe', { cameraIds: '*' }));
    viewer.on('frame', (_m: unknown, _j: unknown, ack: () => void) => (frames++, ack()));
    viewer.on('server-shutdown', () => (told = true));
    try {
      await waitFor(() => frames > 5, 'frames streaming');
      const at = Date.now();
      server.child.kill('SIGTERM');
      // The deadline is the shutdown's own grace period: a hung shutdown fails here, not at the test timeout.
      await waitFor(() => server.child.exitCode !== null, 'the server to exit on SIGTERM', 5000);
      const tookMs = Date.now() - at;
      expect(server.child.exitCode).toBe(0);
      expect(told).toBe(true);
      console.log(`[shutdown] SIGTERM to exit: ${tookMs} ms, clients told`);
    } finally {
      viewer.close();
      camera.stop();
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
