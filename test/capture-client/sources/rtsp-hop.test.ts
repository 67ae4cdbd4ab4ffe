/**
 * The loopback RTSP hop with the real parts (#37): the bundled ffmpeg reads a password-protected GStreamer
 * camera through it over TCP and UDP, and over TLS (rtsps://, a TLS front on the camera); it refuses a local
 * connection that does not name its random path and any second one; a wrong password reaches ffmpeg as the
 * camera's 401 (CAMERA_AUTH); a camera that is not there is CAMERA_UNREACHABLE before ffmpeg starts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { rtspError } from '../../../capture-client/sources/rtsp-error.js';
import { RtspHop } from '../../../capture-client/sources/rtsp-hop.js';
import { freePort } from '../../helpers/processes.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { waitFor } from '../../helpers/wait.js';

const PASSWORD = 'p@ss:w0rd s3cret';
const OPENSSL = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));

/** ffmpeg decoding `frames` pictures of `url` to nothing: its exit code and what it said. */
async function decode(url: string, transport: 'tcp' | 'udp', frames = 10): Promise<{ code: number | null; said: string }> {
  const args = ['-hide_banner', '-nostdin', '-rtsp_transport', transport, '-stimeout', '5000000', '-i', url, '-frames:v', String(frames), '-f', 'null', '-'];
  const child = spawn(resolveFfmpegPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr.on('data', (d: Buffer) => (said += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, said };
}

/** What the hop answers a raw client that sends `request`: '' when it closes without a word. */
function ask(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => (request ? socket.write(request) : socket.end()));
    let got = '';
    socket.on('data', (d) => (got += d));
    socket.on('error', () => resolve(`refused`));
    socket.on('close', () => resolve(got));
  });
}

describe.runIf(rtspCameraAvailable())('RtspHop with a password-protected camera', () => {
  let camera: RtspCamera;
  beforeAll(async () => {
    camera = await startRtspCamera({ user: 'admin', password: PASSWORD, fps: 10 });
  });
  afterAll(() => camera?.stop());

  it('gives ffmpeg the camera over TCP and over UDP with no credentials in its URL', async () => {
    for (const transport of ['tcp', 'udp'] as const) {
      const hop = await RtspHop.open(camera.url('sub'));
      expect(hop.url).toMatch(/^rtsp:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/sub$/);
      const { code, said } = await decode(hop.url, transport);
      hop.close();
      expect(code, said).toBe(0);
      expect(said).toMatch(/Video: h264.*640x360/);
      expect(hop.error).toBeNull();
    }
  }, 60_000);

  it('closes a connection that does not name its random path, and any after ffmpeg’s', async () => {
    const hop = await RtspHop.open(camera.url('sub'));
    const { origin } = new URL(hop.url);
    expect(await ask(hop.url, `DESCRIBE ${origin}/sub RTSP/1.0\r\nCSeq: 1\r\n\r\n`)).toBe('');
    const ffmpeg = decode(hop.url, 'tcp', 30);
    // Once ffmpeg's connection is in, the hop listens no more (a probe that sends nothing claims nothing).
    await waitFor(async () => (await ask(hop.url, '')) === 'refused', 'the hop to stop listening', 20_000, 50);
    expect(await ask(hop.url, `OPTIONS ${hop.url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`)).toBe('refused');
    const { code, said } = await ffmpeg;
    hop.close();
    expect(code, said).toBe(0);
  }, 60_000);

  it("hands a wrong password's 401 to ffmpeg, which says CAMERA_AUTH", async () => {
    const hop = await RtspHop.open(camera.url('sub', { user: 'admin', password: 'wrong' }));
    const { code, said } = await decode(hop.url, 'tcp');
    hop.close();
    expect(code).not.toBe(0);
    const lines = said.split('\n').filter((l) => /401|error/i.test(l));
    expect(rtspError(lines, { code, signal: null, started: false }).code).toBe('CAMERA_AUTH');
  }, 30_000);

  it('says CAMERA_UNREACHABLE, password masked, when nothing answers at the camera’s address', async () => {
    const port = await freePort();
    const opening = RtspHop.open(`rtsp://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/sub`);
    await expect(opening).rejects.toMatchObject({ code: 'CAMERA_UNREACHABLE', message: expect.stringContaining('admin:***@') });
    await expect(opening).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
  });

  describe.runIf(OPENSSL)('rtsps://', () => {
    let dir: string;
    let front: tls.Server;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'camrelay-rtsps-'));
      const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
      const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
      execFileSync(OPENSSL!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert], { stdio: 'ignore' });
      // A camera's TLS port: TLS in front of the GStreamer camera, as a camera with its own self-signed certificate.
      front = tls.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (socket) => {
        const plain = net.connect(camera.port, '127.0.0.1');
        socket.pipe(plain).pipe(socket);
        socket.on('error', () => plain.destroy());
        plain.on('error', () => socket.destroy());
      });
      await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => {
      front?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads a camera over TLS, ffmpeg speaking plain RTSP to the hop', async () => {
      const port = (front.address() as net.AddressInfo).port;
      const hop = await RtspHop.open(`rtsps://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/sub`);
      const { code, said } = await decode(hop.url, 'tcp');
      hop.close();
      expect(code, said).toBe(0);
      expect(said).toMatch(/Video: h264.*640x360/);
    }, 30_000);
  });
});
