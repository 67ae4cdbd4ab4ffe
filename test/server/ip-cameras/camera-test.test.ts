/**
 * POST /api/admin/ip-cameras/test (#42 item 2) against a real relay and GStreamer's RTSP camera: an admin's session
 * gets the stream's codec and size and a picture; a wrong password is CAMERA_AUTH in words, without the password;
 * a bad address is refused before anything runs; a viewer, or a request from another origin, may not test.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const VIEWER = { username: 'guard', password: 'guard-password-1' };

describe.runIf(rtspCameraAvailable())('the Admin’s camera Test, through the relay', () => {
  let server: TestServer;
  let camera: RtspCamera;
  let cookie: string;
  const test = (body: unknown, headers: Record<string, string> = { cookie, ...sameOrigin(server) }) =>
    fetch(`${server.url}/api/admin/ip-cameras/test`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    camera = await startRtspCamera({ user: 'admin', password: 'p4ss-w0rd' });
    server = await startTestServer();
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    cookie = await login(server);
  });
  afterAll(async () => {
    await stopTestServer(server);
    await camera?.stop();
  });

  it('answers an admin with the stream and one picture of it', async () => {
    const res = await test({ url: camera.url('sub') });
    const body = (await res.json()) as { codec: string; width: number; height: number; audio: string | null; jpeg: string };
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body).toMatchObject({ ok: true, codec: 'h264', width: 640, height: 360, audio: null });
    expect((await sharp(Buffer.from(body.jpeg, 'base64')).metadata()).width).toBe(640);
  });

  it('says why a camera gives no picture, with its code, and never says the password', async () => {
    const res = await test({ url: camera.url('sub', { user: 'admin', password: 'wrong-9731' }) });
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(text)).toMatchObject({ error: 'CAMERA_AUTH' });
    expect(text).not.toContain('wrong-9731');
    const bad = await test({ url: 'ftp://192.168.1.20/stream' });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([400, 'BAD_CAMERA_URL']);
  });

  it('lets only an admin test, and only from the relay’s own pages', async () => {
    const viewer = await login(server, VIEWER);
    expect((await test({ url: camera.url('sub') }, { cookie: viewer, ...sameOrigin(server) })).status).toBe(403);
    expect((await test({ url: camera.url('sub') }, { cookie, origin: 'http://evil.example' })).status).toBe(403);
  });
});
