/**
 * `GET /api/setup-status` (#42, first run) over real HTTP: admins only; the first admin's generated password shows
 * as generated until it is changed, then as changed (a relay given its password says chosen); a camera, its
 * recording, and a notification channel each show once they are really set.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import type { SetupStatus } from '../../../shared/setup-status.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const VIEWER = { username: 'viewer1', password: 'viewer-password-1' };

async function call(
  server: TestServer,
  cookie: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { cookie, ...sameOrigin(server), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const status = async (server: TestServer, cookie: string) => {
  const got = await call(server, cookie, 'GET', '/api/setup-status');
  expect(got.status).toBe(200);
  return got.json as unknown as SetupStatus;
};

describe('GET /api/setup-status', () => {
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  afterEach(async () => {
    camera?.stop();
    camera = undefined;
    await stopTestServer(server);
    server = undefined;
  });

  it('says the generated password is generated until the admin changes it, then changed, and never for a viewer, who is refused', async () => {
    server = await startTestServer({ adminPassword: undefined });
    const generated = server.generatedAdminPassword!;
    expect(generated).toEqual(expect.any(String));
    const admin = { username: 'admin', password: generated };
    let cookie = await login(server, admin);
    expect(await status(server, cookie)).toEqual({ ok: true, camera: false, recording: false, notification: false, password: 'generated' });
    // The mark is kept in users.json, so a restart does not forget that the password is still the generated one.
    const saved = JSON.parse(readFileSync(path.join(server.dataDir, 'users.json'), 'utf8')) as { username: string; generatedPassword?: boolean }[];
    expect(saved.find((u) => u.username === 'admin')?.generatedPassword).toBe(true);

    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    const viewer = await login(server, VIEWER);
    expect((await call(server, viewer, 'GET', '/api/setup-status')).status).toBe(403);

    const changed = await call(server, cookie, 'POST', '/api/users', { username: 'admin', password: 'a-new-admin-password', role: 'admin', cameras: '*' });
    expect(changed.status).toBe(201);
    expect(changed.json.user).toEqual({ username: 'admin', role: 'admin', cameras: '*', talk: true, identities: true });
    // A changed password ends the sessions opened with the old one: sign in again with the new one.
    cookie = await login(server, { username: 'admin', password: 'a-new-admin-password' });
    expect((await status(server, cookie)).password).toBe('changed');
    const kept = JSON.parse(readFileSync(path.join(server.dataDir, 'users.json'), 'utf8')) as { username: string; generatedPassword?: boolean }[];
    expect(kept.find((u) => u.username === 'admin')?.generatedPassword).toBe(false);
  });

  it('says chosen, never generated, on a relay given its admin password', async () => {
    server = await startTestServer();
    expect((await status(server, await login(server))).password).toBe('chosen');
  });

  it('ticks a camera once one connects, recording once it is on for it, and a notification once a webhook is on', async () => {
    server = await startTestServer();
    const cookie = await login(server);
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 5 });
    await waitFor(async () => (await status(server!, cookie)).camera, 'the camera ticked');
    expect(await status(server, cookie)).toMatchObject({ recording: false, notification: false });

    expect((await call(server, cookie, 'PUT', '/api/cameras/porch/recording', { mode: 'continuous' })).status).toBe(200);
    expect(await status(server, cookie)).toMatchObject({ camera: true, recording: true, notification: false });

    const webhook = await call(server, cookie, 'POST', '/api/admin/notifications/webhooks', { url: 'http://127.0.0.1:9/hook', enabled: true });
    expect(webhook.status).toBeLessThan(300);
    expect((await status(server, cookie)).notification).toBe(true);
  });
});
