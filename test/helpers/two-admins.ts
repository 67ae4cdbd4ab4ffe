/**
 * Two admins, Ana and Ben, signed in to one real relay, for the tests of an edit that another admin saved first
 * (#42 item 5), and `sendAs` for a same-origin JSON request with one's session cookie.
 */
import { hashPassword } from '../../server/auth/passwords.js';
import { login, sameOrigin } from '../security/helpers/session.js';
import { startTestServer, type TestServer } from './server.js';

export const ANA = { username: 'ana', password: 'ana-password-1234' };
export const BEN = { username: 'ben', password: 'ben-password-1234' };

/** A relay with both admins; `ana` and `ben` are their session cookies. */
export async function startTwoAdmins(): Promise<{ server: TestServer; ana: string; ben: string }> {
  const server = await startTestServer();
  for (const u of [ANA, BEN]) server.store.putUser({ username: u.username, role: 'admin', cameras: '*', password: await hashPassword(u.password) });
  return { server, ana: await login(server, ANA), ben: await login(server, BEN) };
}

/** `method path` with a JSON body, as a page of this relay sends it with the session `cookie`; the status and the JSON answer. */
export async function sendAs<T>(server: TestServer, cookie: string, method: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
