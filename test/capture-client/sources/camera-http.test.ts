/** One GET to a fake HTTP camera on loopback: Basic and Digest as the camera asks, and each failure's wait code and words. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraHttp, CameraTimeout } from '../../../capture-client/sources/camera-http.js';
import { CamrelayError } from '../../../shared/errors.js';
import { startHttpCamera, type HttpCamera, type HttpCameraOptions } from '../../helpers/http-camera.js';
import { freePort } from '../../helpers/processes.js';

const PASSWORD = 's3cret!pw';
const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));
let camera: HttpCamera | undefined;
afterEach(async () => {
  await camera?.close();
  camera = undefined;
});

async function cam(auth: HttpCameraOptions['auth'], handler: HttpCameraOptions['handler'] = (_q, res) => res.end('ok')): Promise<HttpCamera> {
  camera = await startHttpCamera({ user: 'admin', password: PASSWORD, auth, handler });
  return camera;
}

async function body(url: string): Promise<string> {
  const res = await new CameraHttp(url).get(new AbortController().signal);
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}

async function failure(url: string, signal = new AbortController().signal): Promise<CamrelayError> {
  const http = new CameraHttp(url);
  const err = await http.get(signal).then(
    () => null,
    (e: unknown) => http.error(e, signal),
  );
  expect(err).toBeInstanceOf(CamrelayError);
  expect(err!.message).not.toContain(PASSWORD);
  return err as CamrelayError;
}

describe('CameraHttp', () => {
  describe('#get', () => {
    it('answers a Basic challenge with the URL’s credentials, sent only once the camera asked', async () => {
      const c = await cam('basic');
      expect(await body(c.url('/snap.jpg'))).toBe('ok');
      expect(c.authorizations).toEqual([undefined, `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`]);
    });

    it('answers a Digest challenge, and the password never reaches the camera in Basic', async () => {
      const c = await cam('digest');
      expect(await body(c.url('/ISAPI/Streaming/channels/101/picture?snapShotImageType=JPEG'))).toBe('ok');
      expect(c.authorizations[1]).toMatch(/^Digest username="admin", realm="IP Camera\(C1234\)"/);
      expect(c.authorizations.join(' ')).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
    });

    it('decodes percent-encoded credentials and reaches a camera by host name', async () => {
      camera = await startHttpCamera({ user: 'admin', password: 'p@ss:w/rd%', auth: 'digest', handler: (_q, res) => res.end('ok') });
      const url = camera.url('/x').replace('127.0.0.1', 'localhost');
      expect(url).toContain('p%40ss%3Aw%2Frd%25@localhost');
      expect(await body(url)).toBe('ok');
    });
  });

  describe('#error', () => {
    it('is CAMERA_AUTH with the camera’s status line for a wrong password, Basic or Digest, and the password masked', async () => {
      for (const auth of ['basic', 'digest'] as const) {
        const c = await cam(auth);
        const err = await failure(c.url('/snap.jpg', { user: 'admin', password: 'wrong-pw' }));
        expect(err.code).toBe('CAMERA_AUTH');
        expect(err.message).toBe(
          `The camera at http://admin:***@127.0.0.1:${new URL(c.url('/')).port}/snap.jpg refused the user name or password: it answered "401 Unauthorized".`,
        );
        await c.close();
      }
    });

    it('is CAMERA_AUTH saying to give credentials when the URL has none, and for a 403', async () => {
      const c = await cam('basic');
      expect((await failure(c.url('/snap.jpg', null))).message).toContain(
        'asks for a user name and password (put them in the URL): it answered "401 Unauthorized"',
      );
      await c.close();
      const forbidden = await cam('none', (_q, res) => res.writeHead(403, 'Forbidden').end());
      expect(await failure(forbidden.url('/snap.jpg'))).toMatchObject({ code: 'CAMERA_AUTH', message: expect.stringContaining('"403 Forbidden"') });
    });

    it('is SOURCE_FAILED with the status line for any other status', async () => {
      const c = await cam('none', (_q, res) => res.writeHead(404, 'Not Found').end());
      const err = await failure(c.url('/nope.jpg'));
      expect(err.code).toBe('SOURCE_FAILED');
      expect(err.message).toContain('answered "404 Not Found", not a picture');
    });

    it('is CAMERA_UNREACHABLE for a refused connection, an unknown name and a camera that never answers', async () => {
      const port = await freePort();
      expect(await failure(`http://admin:${PASSWORD}@127.0.0.1:${port}/x`)).toMatchObject({
        code: 'CAMERA_UNREACHABLE',
        message: expect.stringContaining('ECONNREFUSED'),
      });
      expect((await failure(`http://admin:${PASSWORD}@no-such-camera.invalid/x`)).code).toBe('CAMERA_UNREACHABLE');

      const silent = createServer(() => {}); // accepts, never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new CameraTimeout(200)), 200);
      const err = await failure(`http://admin:${PASSWORD}@127.0.0.1:${(silent.address() as { port: number }).port}/x`, controller.signal);
      clearTimeout(timer);
      silent.close();
      expect(err).toMatchObject({ code: 'CAMERA_UNREACHABLE', message: expect.stringContaining('no answer within 0.2 s') });
    });

    it.runIf(openssl)('is SOURCE_FAILED with the TLS error for an https camera with a self-signed certificate', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-cam-tls-'));
      const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
      const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
      execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert], { stdio: 'ignore' });
      const tls = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (_q, res) => res.end('ok'));
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      const err = await failure(`https://admin:${PASSWORD}@127.0.0.1:${(tls.address() as { port: number }).port}/snap.jpg`);
      tls.close();
      rmSync(dir, { recursive: true, force: true });
      expect(err).toMatchObject({ code: 'SOURCE_FAILED', message: expect.stringContaining('self-signed certificate') });
    });
  });
});
