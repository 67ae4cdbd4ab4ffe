/** The talk permission (#40 item 4) through /api/users and /api/me: validated, listed, kept on disk, changed alone. */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthStore } from '../../server/auth/store.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { login, sameOrigin } from './helpers/session.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

async function send(cookie: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server!.url}${route}`, {
    method,
    headers: { cookie, ...sameOrigin(server!), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const viewer = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  password: `${username}-password`,
  role: 'viewer',
  cameras: ['door'],
  ...extra,
});
const listed = async (admin: string, username: string) =>
  ((await send(admin, 'GET', '/api/users')).json.users as Array<{ username: string; talk?: boolean }>).find((u) => u.username === username);

describe('the talk permission on /api/users', () => {
  it('is off for a new viewer, kept when given, listed, on disk, in /api/me, and always on for an admin', async () => {
    server = await startTestServer();
    const admin = await login(server);
    expect(await send(admin, 'POST', '/api/users', viewer('quiet'))).toMatchObject({ status: 201, json: { user: { talk: false } } });
    expect(await send(admin, 'POST', '/api/users', viewer('talker', { talk: true }))).toMatchObject({ status: 201, json: { user: { talk: true } } });
    expect(await listed(admin, 'quiet')).toMatchObject({ talk: false });
    expect(await listed(admin, 'talker')).toMatchObject({ talk: true });
    expect(await listed(admin, 'admin')).toMatchObject({ role: 'admin', talk: true });
    expect(new AuthStore(server.dataDir).getUser('talker')).toMatchObject({ talk: true });
    const talker = await login(server, { username: 'talker', password: 'talker-password' });
    expect((await send(talker, 'GET', '/api/me')).json).toMatchObject({ user: { username: 'talker', talk: true } });
    // A new password alone (no talk field) keeps what the admin set.
    expect(await send(admin, 'POST', '/api/users', { ...viewer('talker'), password: 'another-password' })).toMatchObject({ json: { user: { talk: true } } });
  });

  it('refuses anything but a boolean with BAD_REQUEST naming the field', async () => {
    server = await startTestServer();
    const admin = await login(server);
    for (const talk of ['yes', 1, null]) {
      expect(await send(admin, 'POST', '/api/users', viewer('odd', { talk })), JSON.stringify(talk)).toMatchObject({
        status: 400,
        json: { error: 'BAD_REQUEST', message: 'talk: true or false' },
      });
    }
    expect(await listed(admin, 'odd')).toBeUndefined();
  });

  it('PATCH /api/users/<name> changes only talk, for an admin only', async () => {
    server = await startTestServer();
    const admin = await login(server);
    await send(admin, 'POST', '/api/users', viewer('quiet'));
    const quiet = await login(server, { username: 'quiet', password: 'quiet-password' });
    expect(await send(admin, 'PATCH', '/api/users/quiet', { talk: true })).toMatchObject({ status: 200, json: { user: { talk: true, cameras: ['door'] } } });
    expect((await send(quiet, 'GET', '/api/me')).json).toMatchObject({ user: { talk: true } }); // the session stays
    expect(await send(admin, 'PATCH', '/api/users/quiet', { talk: 'no' })).toMatchObject({ status: 400, json: { message: 'talk: true or false' } });
    expect(await send(admin, 'PATCH', '/api/users/nobody', { talk: true })).toMatchObject({ status: 400, json: { message: 'No such user.' } });
    expect(await send(quiet, 'PATCH', '/api/users/quiet', { talk: false })).toMatchObject({ status: 403, json: { error: 'FORBIDDEN' } });
    // A state change like the others: Basic auth (no same-origin session) is refused.
    const basic = await fetch(`${server.url}/api/users/quiet`, {
      method: 'PATCH',
      headers: { ...server.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ talk: false }),
    });
    expect([basic.status, ((await basic.json()) as { error: string }).error]).toEqual([403, 'BAD_ORIGIN']);
    expect(await listed(admin, 'quiet')).toMatchObject({ talk: true });
  });

  it('PATCH /api/users/<name> changes the permission to see plates and names (#58) alone, or talk and it together', async () => {
    server = await startTestServer();
    const admin = await login(server);
    await send(admin, 'POST', '/api/users', viewer('quiet'));
    expect(await listed(admin, 'quiet')).toMatchObject({ identities: false, talk: false });
    expect(await send(admin, 'PATCH', '/api/users/quiet', { identities: true })).toMatchObject({
      status: 200,
      json: { user: { identities: true, talk: false } },
    });
    expect(await send(admin, 'PATCH', '/api/users/quiet', { identities: false, talk: true })).toMatchObject({
      json: { user: { identities: false, talk: true } },
    });
    expect(await send(admin, 'PATCH', '/api/users/quiet', { identities: 'yes' })).toMatchObject({
      status: 400,
      json: { message: 'identities: true or false' },
    });
    expect(await send(admin, 'PATCH', '/api/users/quiet', {})).toMatchObject({
      status: 400,
      json: { message: 'talk: true or false, or identities: true or false' },
    });
    expect(new AuthStore(server.dataDir).getUser('quiet')).toMatchObject({ identities: false, talk: true });
  });
});
