/**
 * Two admins saving one IP camera, over real HTTP against the real relay: each entry carries a
 * revision (`new` for one not there); a save from an older one is refused with 409 EDIT_CONFLICT
 * naming who saved first; a save without one works as before; a revision tells nothing of the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisionOf } from '../../../server/http/edit-revision.js';
import { stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs, startTwoAdmins } from '../../helpers/two-admins.js';

// Nothing listens on port 9: the capture process waits and retries, which is all these tests need.
const snapshot = (password: string) => ({ kind: 'snapshot', url: `http://cam:${password}@127.0.0.1:9/snap.jpg` });

interface Entry {
  id: string;
  url: string;
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
}

describe('PUT /api/admin/ip-cameras/<id> with revisions', () => {
  let server: TestServer;
  let ana: string;
  let ben: string;

  beforeAll(async () => {
    ({ server, ana, ben } = await startTwoAdmins());
  });
  afterAll(() => stopTestServer(server));

  const list = async (): Promise<Entry[]> =>
    ((await (await fetch(`${server.url}/api/admin/ip-cameras`, { headers: server.adminAuth })).json()) as { cameras: Entry[] }).cameras;
  const put = (cookie: string, id: string, body: unknown) =>
    sendAs<{ error?: string; message?: string; field?: string; camera?: Entry } & Partial<Entry>>(server, cookie, 'PUT', `/api/admin/ip-cameras/${id}`, body);

  it('refuses a second add of one id, and a change from an older revision, naming who saved first', async () => {
    const added = await put(ana, 'gate', { ...snapshot('first-secret'), revision: 'new' });
    expect(added.status).toBe(200);
    expect(added.body.camera).toMatchObject({ id: 'gate', savedBy: 'ana' });
    const opened = added.body.camera!.revision!;
    expect(opened).toMatch(/^[0-9a-f]{16}$/);

    // Ben meant to add a camera "gate" too, not knowing of Ana's.
    const twice = await put(ben, 'gate', { ...snapshot('ben-secret'), revision: 'new' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'EDIT_CONFLICT', revision: opened, savedBy: 'ana', savedAt: added.body.camera!.savedAt });

    // Ana changes it; a change Ben started from the first revision is refused, then saved over on request.
    expect((await put(ana, 'gate', { ...snapshot('second-secret'), revision: opened })).status).toBe(200);
    const late = await put(ben, 'gate', { ...snapshot('ben-secret'), revision: opened });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/^ana saved these settings at .+ after you opened them; nothing was saved\./);
    const over = await put(ben, 'gate', { ...snapshot('ben-secret'), revision: late.body.revision });
    expect(over.status).toBe(200);
    const [gate] = await list();
    expect(gate).toMatchObject({ id: 'gate', url: 'http://cam:***@127.0.0.1:9/snap.jpg', revision: over.body.camera!.revision, savedBy: 'ben' });
    // The revision is keyed: not the plain hash of the entry, against which anyone could try passwords.
    expect(gate!.revision).not.toBe(revisionOf({ id: 'gate', ...snapshot('ben-secret') }));
    expect(JSON.stringify(await list())).not.toContain('ben-secret');
  });

  it('saves without a revision as before, and refuses a revision that is not one', async () => {
    expect((await put(ana, 'yard', snapshot('a'))).status).toBe(200);
    expect((await put(ben, 'yard', snapshot('b'))).status).toBe(200);
    const bad = await put(ana, 'yard', { ...snapshot('c'), revision: 'r'.repeat(65) });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'BAD_REVISION', 'revision']);
  });
});
