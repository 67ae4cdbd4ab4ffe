/**
 * Two admins saving one camera's detection settings, over real HTTP against the real relay (#55 item 6):
 * a save that started from an older revision is refused with 409 EDIT_CONFLICT naming who saved first,
 * so Ben's form cannot put back the filters Ana just changed; a save without a revision works as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectSettings } from '../../../shared/detection.js';
import { stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs, startTwoAdmins } from '../../helpers/two-admins.js';

interface Answer {
  error?: string;
  message?: string;
  field?: string;
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
  settings?: DetectSettings;
}

describe('PUT /api/cameras/<id>/detection with revisions', () => {
  let server: TestServer;
  let ana: string;
  let ben: string;

  beforeAll(async () => {
    ({ server, ana, ben } = await startTwoAdmins());
  });
  afterAll(() => stopTestServer(server));

  const read = async (camera: string): Promise<Answer> =>
    (await fetch(`${server.url}/api/cameras/${camera}/detection`, { headers: server.adminAuth })).json() as Promise<Answer>;
  const put = (cookie: string, camera: string, body: unknown) => sendAs<Answer>(server, cookie, 'PUT', `/api/cameras/${camera}/detection`, body);

  it("refuses the second of two saves from one revision with 409 EDIT_CONFLICT, keeping the first admin's per-label score", async () => {
    const opened = await read('porch');
    expect(opened.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(opened).toMatchObject({ savedBy: null, savedAt: null });

    const before = Date.now();
    const first = await put(ana, 'porch', { revision: opened.revision, filters: { person: { minScore: 0.8 } } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ settings: { filters: { person: { minScore: 0.8 } } }, savedBy: 'ana' });
    expect(first.body.revision).not.toBe(opened.revision);
    expect(first.body.savedAt).toBeGreaterThanOrEqual(before);

    // Ben's form still holds the filters it loaded (none): saved whole, it would take Ana's score away.
    const second = await put(ben, 'porch', { revision: opened.revision, enabled: true, filters: {}, labels: ['person', 'car'], zones: [] });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'EDIT_CONFLICT', revision: first.body.revision, savedBy: 'ana', savedAt: first.body.savedAt });
    expect(second.body.message).toContain(
      `ana saved these settings at ${new Date(first.body.savedAt!).toISOString()} after you opened them; nothing was saved.`,
    );
    expect((await read('porch')).settings).toMatchObject({ enabled: false, filters: { person: { minScore: 0.8 } } });

    // Read again, Ben's change goes through on top of Ana's.
    const again = await put(ben, 'porch', { revision: second.body.revision, enabled: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ settings: { enabled: true, filters: { person: { minScore: 0.8 } } }, savedBy: 'ben' });
    expect(await read('porch')).toMatchObject({ revision: again.body.revision, savedBy: 'ben', savedAt: again.body.savedAt });
  });

  it('saves a change without a revision as before (scripts, curl), merging the keys left out', async () => {
    await put(ana, 'yard', { rate: 1 });
    const plain = await put(ben, 'yard', { labels: ['dog'] });
    expect(plain.status).toBe(200);
    expect(plain.body.settings).toMatchObject({ rate: 1, labels: ['dog'] });
  });

  it('refuses a revision that is not one the relay gives, and still names a refused field', async () => {
    for (const revision of ['x'.repeat(65), 'a b', 42, ['a']]) {
      const res = await put(ana, 'gate', { revision, rate: 1 });
      expect([res.status, res.body.error, res.body.field], JSON.stringify(revision)).toEqual([400, 'BAD_REVISION', 'revision']);
    }
    const bad = await put(ana, 'gate', { revision: (await read('gate')).revision, rate: 500 });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'BAD_DETECT_SETTINGS', 'rate']);
    expect((await read('gate')).settings!.rate).toBe(2);
  });
});
