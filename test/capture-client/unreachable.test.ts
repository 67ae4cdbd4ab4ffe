/**
 * "Cannot reach …" says what to try when the scheme is the cause: an http:// address against a
 * relay serving HTTPS (and the reverse), probed against real relays on real sockets (issue #25).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherScheme, Unreachable } from '../../capture-client/unreachable.js';
import { freePort, startCaptureProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));

/** A throwaway self-signed certificate for 127.0.0.1, in its own folder. */
function selfSigned(dir: string): { tlsCert: string; tlsKey: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { tlsCert: cert, tlsKey: key };
}

describe.runIf(openssl)('Unreachable', () => {
  let dir: string;
  let tls: TestServer;
  let plain: TestServer;
  let silent: Server;
  let program: Program | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-unreachable-'));
    tls = await startTestServer({ ...selfSigned(dir), dataDir: path.join(dir, 'tls') });
    plain = await startTestServer({ dataDir: path.join(dir, 'plain') });
    // Accepts and never answers: a probe must give up by its deadline.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await program?.kill();
    silent?.close();
    await stopTestServer(tls, false);
    await stopTestServer(plain, false);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('otherScheme', () => {
    it('finds https:// for an http:// address of a relay serving HTTPS', async () => {
      expect(await otherScheme(`http://127.0.0.1:${tls.port}`)).toBe(`https://127.0.0.1:${tls.port}`);
    });

    it('finds http:// for an https:// address of a relay serving plain HTTP, keeping a sub-path', async () => {
      expect(await otherScheme(`https://127.0.0.1:${plain.port}/cams`)).toBe(`http://127.0.0.1:${plain.port}/cams`);
    });

    it('finds nothing when the scheme is right, nothing listens, or the peer never answers', async () => {
      expect(await otherScheme(`http://127.0.0.1:${plain.port}`)).toBeNull();
      expect(await otherScheme(`https://127.0.0.1:${tls.port}`)).toBeNull();
      expect(await otherScheme(`http://127.0.0.1:${await freePort()}`)).toBeNull();
      const port = (silent.address() as { port: number }).port;
      expect(await otherScheme(`http://127.0.0.1:${port}`, 300)).toBeNull();
      expect(await otherScheme(`https://127.0.0.1:${port}`, 300)).toBeNull();
    });
  });

  describe('#line', () => {
    it('says what to try when the relay speaks the other scheme', async () => {
      const line = await new Unreachable(`http://127.0.0.1:${tls.port}`).line('xhr poll error');
      expect(line).toBe(
        `Cannot reach http://127.0.0.1:${tls.port} (xhr poll error): the relay there is using HTTPS; try --server https://127.0.0.1:${tls.port}. Retrying.`,
      );
    });

    it('says only that it retries when nothing answers', async () => {
      const server = `http://127.0.0.1:${await freePort()}`;
      expect(await new Unreachable(server).line('xhr poll error')).toBe(`Cannot reach ${server} (xhr poll error); retrying.`);
    });
  });

  it('the capture program given http:// for a relay on HTTPS says to try https://', async () => {
    program = startCaptureProcess(`http://127.0.0.1:${tls.port}`, tls.captureToken, 'door');
    const hint = `the relay there is using HTTPS; try --server https://127.0.0.1:${tls.port}.`;
    await waitFor(() => program!.output().includes(hint), 'the hint', 20_000).catch((err: Error) => {
      throw new Error(`${err.message}; the program printed: ${program!.output()}`);
    });
  });
});
