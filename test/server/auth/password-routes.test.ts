/**
 * Passwords over real HTTP (#55 item 15): `POST /api/me/password` for any signed-in user, proving the current one
 * (rate-limited as logins are, refused with WRONG_PASSWORD rather than a 401), and an admin's
 * `PUT /api/users/<name>/password` for another user; which sessions end and which one stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

interface Answer {
  status: number;
  json: Record<string, unknown>;
  /** The `camrelay_session=…` pair the answer set, if any. */
  cookie: string | undefined;
}

async function send(cookie: string, method: string, route: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${server!.url}${route}`, {
    method,
    headers: { cookie, ...sameOrigin(server!), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

const signedIn = async (cookie: string) => (await send(cookie, 'GET', '/api/me')).status === 200;
const loginStatus = async (username: string, password: string) =>
  (
    await fetch(`${server!.url}/api/login`, {
      method: 'POST',
      headers: { ...sameOrigin(server!), 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  ).status;

async function addViewer(admin: string, username = 'amy', password = 'amy-old-password'): Promise<{ username: string; password: string }> {
  expect((await send(admin, 'POST', '/api/users', { username, password, role: 'viewer', cameras: ['door'] })).status).toBe(201);
  return { username, password };
}

describe('POST /api/me/password', () => {
  it("changes a viewer's own password: its other sessions end, this one goes on under a fresh cookie", async () => {
    server = await startTestServer();
    const admin = await login(server);
    const amy = await addViewer(admin);
    const here = await login(server, amy);
    const elsewhere = await login(server, amy);
    const answer = await send(here, 'POST', '/api/me/password', { current: amy.password, password: 'amy-new-password' });
    expect(answer).toMatchObject({ status: 200, json: { ok: true, user: { username: 'amy', role: 'viewer' } } });
    expect(answer.cookie).toMatch(/^camrelay_session=.+/);
    expect(answer.cookie).not.toBe(here);
    expect(await signedIn(answer.cookie!)).toBe(true);
    expect(await signedIn(here)).toBe(false);
    expect(await signedIn(elsewhere)).toBe(false);
    expect(await signedIn(admin)).toBe(true);
    expect(await loginStatus('amy', amy.password)).toBe(401);
    expect(await loginStatus('amy', 'amy-new-password')).toBe(200);
  });

  it('refuses a wrong current password with WRONG_PASSWORD, not 401, and changes nothing', async () => {
    server = await startTestServer();
    const admin = await login(server);
    const amy = await addViewer(admin);
    const here = await login(server, amy);
    const wrong = await send(here, 'POST', '/api/me/password', { current: 'not-her-password', password: 'amy-new-password' });
    expect(wrong).toMatchObject({ status: 403, json: { error: 'WRONG_PASSWORD', field: 'current' }, cookie: undefined });
    expect(await send(here, 'POST', '/api/me/password', { password: 'amy-new-password' })).toMatchObject({ status: 403, json: { error: 'WRONG_PASSWORD' } });
    expect(await signedIn(here)).toBe(true);
    expect(await loginStatus('amy', amy.password)).toBe(200);
  });

  it('counts wrong current passwords as failed sign-ins: the address waits, the right one included', async () => {
    server = await startTestServer();
    const amy = await addViewer(await login(server));
    const here = await login(server, amy);
    const codes: unknown[] = [];
    for (let i = 0; i < 10; i++) codes.push((await send(here, 'POST', '/api/me/password', { current: `guess-${i}`, password: 'amy-new-password' })).json.error);
    expect(codes.slice(0, 9)).toEqual(Array(9).fill('WRONG_PASSWORD'));
    expect(codes[9]).toBe('TOO_MANY_ATTEMPTS');
    const right = await send(here, 'POST', '/api/me/password', { current: amy.password, password: 'amy-new-password' });
    expect(right).toMatchObject({ status: 429, json: { error: 'TOO_MANY_ATTEMPTS', retryAfterMs: expect.any(Number) } });
    expect(await loginStatus('amy', amy.password)).toBe(429);
    expect(await signedIn(here)).toBe(true);
  });

  it('keeps the password rules, and wants the session cookie of a same-origin page', async () => {
    server = await startTestServer();
    const admin = await login(server);
    for (const password of ['short', 'x'.repeat(1025), 12345678901]) {
      expect(await send(admin, 'POST', '/api/me/password', { current: TEST_ADMIN.password, password })).toMatchObject({
        status: 400,
        json: { error: 'BAD_REQUEST', field: 'password' },
      });
    }
    const basic = await fetch(`${server.url}/api/me/password`, {
      method: 'POST',
      headers: { ...server.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ current: TEST_ADMIN.password, password: 'admin-new-password' }),
    });
    expect([basic.status, ((await basic.json()) as { error: string }).error]).toEqual([403, 'BAD_ORIGIN']);
    expect(await loginStatus('admin', TEST_ADMIN.password)).toBe(200);
  });

  it('lets the last admin change their own password and stay an admin, signed in; a generated password shows as changed', async () => {
    server = await startTestServer({ adminPassword: undefined });
    const generated = server.generatedAdminPassword!;
    const admin = await login(server, { username: 'admin', password: generated });
    expect((await send(admin, 'GET', '/api/setup-status')).json).toMatchObject({ password: 'generated' });
    const answer = await send(admin, 'POST', '/api/me/password', { current: generated, password: 'my-own-admin-password' });
    expect(answer).toMatchObject({ status: 200, json: { user: { username: 'admin', role: 'admin' } } });
    expect((await send(answer.cookie!, 'GET', '/api/setup-status')).json).toMatchObject({ password: 'changed' });
    expect((await send(answer.cookie!, 'GET', '/api/users')).status).toBe(200);
  });
});

describe('PUT /api/users/<name>/password', () => {
  it("sets another user's password for an admin, and ends that user's sessions only", async () => {
    server = await startTestServer();
    const admin = await login(server);
    const amy = await addViewer(admin);
    const hers = await login(server, amy);
    const answer = await send(admin, 'PUT', '/api/users/amy/password', { password: 'set-by-the-admin' });
    expect(answer).toMatchObject({ status: 200, json: { user: { username: 'amy', role: 'viewer', cameras: ['door'] } }, cookie: undefined });
    expect(await signedIn(hers)).toBe(false);
    expect(await signedIn(admin)).toBe(true);
    expect(await loginStatus('amy', amy.password)).toBe(401);
    expect(await loginStatus('amy', 'set-by-the-admin')).toBe(200);
  });

  it("refuses a viewer, an admin's own name (that needs the current password), an unknown user and a short password", async () => {
    server = await startTestServer();
    const admin = await login(server);
    const amy = await addViewer(admin);
    await addViewer(admin, 'bob', 'bob-old-password');
    const hers = await login(server, amy);
    expect(await send(hers, 'PUT', '/api/users/bob/password', { password: 'set-by-a-viewer' })).toMatchObject({ status: 403, json: { error: 'FORBIDDEN' } });
    expect(await send(admin, 'PUT', '/api/users/admin/password', { password: 'without-the-current' })).toMatchObject({
      status: 400,
      json: { error: 'BAD_REQUEST', message: expect.stringMatching(/Change password/) },
    });
    expect(await send(admin, 'PUT', '/api/users/nobody/password', { password: 'long-enough-password' })).toMatchObject({
      status: 400,
      json: { message: 'No such user.' },
    });
    expect(await send(admin, 'PUT', '/api/users/bob/password', { password: 'short' })).toMatchObject({ status: 400, json: { field: 'password' } });
    expect(await loginStatus('bob', 'bob-old-password')).toBe(200);
    expect(await loginStatus('admin', TEST_ADMIN.password)).toBe(200);
  });

  it("lets a second admin reset the first admin's password; the first is signed out and signs in with the new one", async () => {
    server = await startTestServer();
    const first = await login(server);
    expect((await send(first, 'POST', '/api/users', { username: 'second', password: 'second-password', role: 'admin', cameras: '*' })).status).toBe(201);
    const second = await login(server, { username: 'second', password: 'second-password' });
    expect((await send(second, 'PUT', '/api/users/admin/password', { password: 'reset-by-second' })).status).toBe(200);
    expect(await signedIn(first)).toBe(false);
    expect(await loginStatus('admin', 'reset-by-second')).toBe(200);
  });
});
