/**
 * An IP camera the relay runs itself reaches a relay on HTTPS (#55 item 14), with a certificate made as
 * docs/browser-camera.md prints it (its subjectAltName the relay's LAN address, no localhost): the capture process is
 * pointed at the address the certificate names, trusts that certificate, and the camera goes live. Before, it was
 * pointed at https://localhost and said "Cannot reach https://localhost:PORT (xhr poll error)" for ever.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../../server/http/lan.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));
const lan = lanAddresses()[0];

describe.runIf(openssl && lan && rtspCameraAvailable())('an IP camera of a relay on HTTPS with a certificate for its LAN address', () => {
  let dir: string;
  let camera: RtspCamera;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-ipcam-tls-'));
    // docs/browser-camera.md's line, for this machine's LAN address.
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '825', '-keyout', 'key.pem', '-out', 'cert.pem', '-subj', '/CN=camrelay'];
    execFileSync(openssl!, [...args, '-addext', `subjectAltName=IP:${lan}`], { cwd: dir, stdio: 'ignore' });
    camera = await startRtspCamera({ fps: 5 });
    // On every address, as a relay phones reach over HTTPS is.
    server = await startTestServer({ host: '0.0.0.0', tlsCert: path.join(dir, 'cert.pem'), tlsKey: path.join(dir, 'key.pem') });
  }, 60_000);
  afterAll(async () => {
    await stopTestServer(server);
    await camera?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes live, its process pointed at the address the certificate names', async () => {
    const cameras = server.provided.need('ip-cameras').cameras;
    expect(await cameras.put({ id: 'yard', kind: 'rtsp', name: 'Yard', url: camera.url('sub'), fps: 5 })).toBe('saved');
    await waitFor(() => server.relay.cameras.get('yard')?.status === 'live', 'the yard live', 60_000, 200).catch((err: Error) => {
      throw new Error(`${err.message}; its process said: ${cameras.list()[0]?.lastLine}`);
    });
    expect(cameras.list()[0]?.lastLine ?? '').not.toMatch(/Cannot reach/);
  });
});
