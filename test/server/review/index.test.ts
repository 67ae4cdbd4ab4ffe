/**
 * The review module on a real relay: a relay with recording switched off lists nothing and marks
 * nothing (no error), and an account deleted takes its seen marks with it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { modules } from '../../../server/module-table.js';
import type { ReviewList, ReviewSeenResult } from '../../../shared/review.js';
import { daysAgo } from '../../helpers/days-ago.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs } from '../../helpers/two-admins.js';
import { login } from '../../security/helpers/session.js';
import { waitFor } from '../../helpers/wait.js';

const ANA = { username: 'ana', password: 'ana-password-1234' };
const T0 = daysAgo(2);
let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

/** Recording and every module that needs it, as CAMRELAY_MODULES_OFF would switch them off. */
function recordingAndAfter(): string[] {
  const off = new Set(['recording']);
  for (const m of modules) if ((m.needs ?? []).some((n) => off.has(n))) off.add(m.name);
  return [...off];
}

describe('review', () => {
  it('lists no items and marks nothing on a relay with recording switched off', async () => {
    server = await startTestServer({ modulesOff: recordingAndAfter() });
    const cookie = await login(server);
    const res = await fetch(`${server.url}/api/review?from=${T0}&to=${T0 + 60_000}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect((await res.json()) as ReviewList).toEqual({ from: T0, to: T0 + 60_000, items: [], unseen: { alert: 0, detection: 0, motion: 0 } });
    const seen = await sendAs<ReviewSeenResult>(server, cookie, 'POST', '/api/review/seen', { keys: [`door/${T0}`] });
    expect(seen).toEqual({ status: 200, body: { changed: 0, skipped: 1 } });
  });

  it('drops the seen marks of an account that is deleted', async () => {
    server = await startTestServer();
    const s = server;
    s.store.putUser({ username: ANA.username, role: 'admin', cameras: '*', password: await hashPassword(ANA.password) });
    s.recording.events.signal('door', { type: 'start', at: T0 });
    s.recording.events.signal('door', { type: 'end', at: T0 + 4000 });
    await s.recording.events.idle();
    const marked = await sendAs<ReviewSeenResult>(s, await login(s, ANA), 'POST', '/api/review/seen', { keys: [`door/${T0}`] });
    expect(marked.body).toEqual({ changed: 1, skipped: 0 });
    const file = path.join(s.dataDir, 'review-seen.json');
    expect(readFileSync(file, 'utf8')).toContain('"ana"');
    s.store.deleteUser(ANA.username);
    await waitFor(() => !readFileSync(file, 'utf8').includes('"ana"'), 'ana’s marks dropped from review-seen.json');
    s.store.putUser({ username: ANA.username, role: 'admin', cameras: '*', password: await hashPassword(ANA.password) });
    const res = await fetch(`${s.url}/api/review?from=${T0 - 1000}&to=${T0 + 60_000}`, { headers: { cookie: await login(s, ANA) } });
    expect(((await res.json()) as ReviewList).items.map((i) => [i.key, i.seen])).toEqual([[`door/${T0}`, false]]);
  });
});
