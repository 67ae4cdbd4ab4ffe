/**
 * The Admin's camera discovery run by the relay (#29), against the ONVIF stand-in on loopback, reached by its
 * probe address (multicast does not pass on every CI network): what the camera was asked, with which
 * credentials, and that the password comes back in no answer and no log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { startOnvifDevice, type OnvifDevice } from '../../helpers/onvif-device.js';
import { stopTestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { startLoggedServer, type LoggedServer } from '../../security/helpers/logged-server.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const PASSWORD = 'Onvif-s3cr@t-77';
const VIEWER = { username: 'viewer1', password: 'viewer-password-1' };
const SECOND_ADMIN = { username: 'admin2', password: 'admin2-password-1' };

describe('POST /api/admin/onvif/discover', () => {
  let server: LoggedServer;
  let device: OnvifDevice;
  let cookie: string;
  beforeAll(async () => {
    server = await startLoggedServer();
    device = await startOnvifDevice({ manufacturer: 'Hikvision', model: 'DS-2CD2143', ptz: true });
    cookie = await login(server);
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    server.store.putUser({ username: SECOND_ADMIN.username, role: 'admin', cameras: '*', password: await hashPassword(SECOND_ADMIN.password) });
  });
  afterAll(async () => {
    await device?.close();
    await stopTestServer(server);
  });

  const discover = async (body: unknown, who = cookie, headers: Record<string, string> = sameOrigin(server)) => {
    const res = await fetch(`${server.url}/api/admin/onvif/discover`, {
      method: 'POST',
      headers: { cookie: who, ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after') };
  };
  const probe = () => `127.0.0.1:${device.discoveryPort}`;

  it("lists the probed camera's profiles, asked with the credentials given, and shows the password nowhere", async () => {
    const answer = await discover({ user: 'admin', password: PASSWORD, probes: [probe()] });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      cameras: [
        {
          address: `${device.address}/onvif/device_service`,
          ok: true,
          maker: 'Hikvision',
          model: 'DS-2CD2143',
          ptz: true,
          profiles: [
            { name: 'MainStream', width: 1280, height: 720, codec: 'H264', uri: 'rtsp://admin:YOUR-PASSWORD@127.0.0.1:554/main' },
            { name: 'SubStream', width: 640, height: 360, codec: 'H264', uri: 'rtsp://admin:YOUR-PASSWORD@127.0.0.1:554/sub' },
          ],
        },
      ],
    });
    // The camera was asked, as the admin, for its profiles and each profile's stream URI.
    expect(device.bodies('GetProfiles')[0]).toContain('<Username>admin</Username>');
    expect(
      device
        .bodies('GetStreamUri')
        .map((b) => /<ProfileToken>([^<]*)</.exec(b)?.[1])
        .sort(),
    ).toEqual(['main', 'sub']);
    expect(device.bodies('GetStreamUri').every((b) => b.includes('<Username>admin</Username>'))).toBe(true);
    // As a WS-Security digest: the password itself crosses the network in no request.
    expect(device.requests.some((r) => r.body.includes(PASSWORD))).toBe(false);
    expect(answer.text).not.toContain(PASSWORD);
    expect(server.logText()).toContain('onvif discovery');
    expect(server.logText()).not.toContain(PASSWORD);
  });

  it('refuses a viewer, a request from another origin, and a bad body without echoing it', async () => {
    const viewer = await login(server, VIEWER);
    expect((await discover({ probes: [probe()] }, viewer)).status).toBe(403);
    const foreign = await discover({ probes: [probe()] }, cookie, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(foreign.status).toBe(403);
    for (const body of [{ probes: Array(17).fill('10.0.0.1') }, { user: 'x'.repeat(257) }, { probes: ['camera.local'] }, { password: PASSWORD, extra: 1 }]) {
      const bad = await discover(body);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text)).toMatchObject({ error: 'BAD_DISCOVERY' });
      expect(bad.text).not.toContain(PASSWORD);
    }
  });

  it('runs one discovery at a time (409), and one per admin every 5 s (429)', async () => {
    const admin2 = await login(server, SECOND_ADMIN);
    const before = device.probesSeen();
    const first = discover({ probes: [probe()] }, admin2);
    await waitFor(() => device.probesSeen() > before, 'the first discovery to probe the camera', 5000);
    const second = await discover({ probes: [probe()] }, cookie);
    expect(second.status).toBe(409);
    expect(JSON.parse(second.text)).toMatchObject({ error: 'DISCOVERY_BUSY' });
    expect((await first).status).toBe(200);
    const again = await discover({ probes: [probe()] }, admin2);
    expect(again.status).toBe(429);
    expect(JSON.parse(again.text)).toMatchObject({ error: 'DISCOVERY_TOO_SOON' });
    expect(Number(again.retryAfter)).toBeGreaterThan(0);
  });
});
