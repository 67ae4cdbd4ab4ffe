/** Signing in as a browser would: a same-origin POST /api/login, keeping the session cookie. */
import { expect } from 'vitest';
import { TEST_ADMIN, type TestServer } from '../../helpers/server.js';

/** Headers a same-origin browser request carries. */
export function sameOrigin(server: TestServer): Record<string, string> {
  return { origin: server.url, 'sec-fetch-site': 'same-origin' };
}

/** Logs in and returns the `camrelay_session=…` cookie pair to send back. */
export async function login(server: TestServer, user: { username: string; password: string } = TEST_ADMIN): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { ...sameOrigin(server), 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toMatch(/^camrelay_session=.+/);
  return cookie!;
}
