/**
 * Two admins saving one camera's recording settings, over real HTTP against the real relay: a save
 * that started from an older revision is refused with 409 EDIT_CONFLICT naming who saved first; a save
 * without a revision (an old client) works as before; a refused value names its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs, startTwoAdmins } from '../../helpers/two-admins.js';

interface Answer {
  error?: string;
  message?: string;
  field?: string;
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
  settings?: { mode: string; fps: number; retentionDays: number };
}

describe('PUT /api/cameras/<id>/recording with revisions', () => {
  let server: TestServer;
  let ana: string;
  let ben: string;

  beforeAll(async () => {
    ({ server, ana, ben } = await startTwoAdmins());
  });
  afterAll(() => stopTestServer(server));

  const read = async (camera: string): Promise<Answer> =>
    (await fetch(`${server.url}/api/cameras/${camera}/recording`, { headers: server.adminAuth })).json() as Promise<Answer>;
  const put = (cookie: string, camera: string, body: unknown) => sendAs<Answer>(server, cookie, 'PUT', `/api/cameras/${camera}/recording`, body);

  it('refuses the second of two saves from one revision with 409 EDIT_CONFLICT, saying who saved first and when', async () => {
    const opened = await read('porch');
    expect(opened.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(opened).toMatchObject({ savedBy: null, savedAt: null });

    const before = Date.now();
    const first = await put(ana, 'porch', { revision: opened.revision, fps: 10 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ settings: { fps: 10 }, savedBy: 'ana' });
    expect(first.body.revision).not.toBe(opened.revision);
    expect(first.body.savedAt).toBeGreaterThanOrEqual(before);

    const second = await put(ben, 'porch', { revision: opened.revision, retentionDays: 2 });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'EDIT_CONFLICT', revision: first.body.revision, savedBy: 'ana', savedAt: first.body.savedAt });
    expect(second.body.message).toContain(
      `ana saved these settings at ${new Date(first.body.savedAt!).toISOString()} after you opened them; nothing was saved.`,
    );
    expect(server.recording.settingsOf('porch')).toMatchObject({ fps: 10, retentionDays: 7 });

    // "Save mine anyway": the same change with the revision the conflict gave.
    const over = await put(ben, 'porch', { revision: second.body.revision, retentionDays: 2 });
    expect(over.status).toBe(200);
    expect(over.body).toMatchObject({ settings: { fps: 10, retentionDays: 2 }, savedBy: 'ben' });
    expect(await read('porch')).toMatchObject({ revision: over.body.revision, savedBy: 'ben', savedAt: over.body.savedAt });
  });

  it('saves a change without a revision as before (old clients, scripts)', async () => {
    await put(ana, 'yard', { fps: 5 });
    const plain = await put(ben, 'yard', { mode: 'continuous' });
    expect(plain.status).toBe(200);
    expect(plain.body.settings).toMatchObject({ mode: 'continuous', fps: 5 });
  });

  it('names a refused field, and refuses a revision that is not one the relay gives', async () => {
    const bad = await put(ana, 'gate', { revision: (await read('gate')).revision, motion: { threshold: 999 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'BAD_RECORDING_SETTINGS', field: 'motion.threshold' });
    expect((await put(ana, 'gate', { fps: 'fast' })).body).toMatchObject({ field: 'fps' });
    for (const revision of ['x'.repeat(65), 'a b', 42, ['a']]) {
      const res = await put(ana, 'gate', { revision, fps: 3 });
      expect([res.status, res.body.error, res.body.field], JSON.stringify(revision)).toEqual([400, 'BAD_REVISION', 'revision']);
    }
    expect(server.recording.settingsOf('gate').fps).toBe(15);
  });

  it('tells a change made elsewhere (an MQTT command, a restart) without naming anyone', async () => {
    const opened = await read('shed');
    await server.recording.configure('shed', { mode: 'motion' });
    const late = await put(ana, 'shed', { revision: opened.revision, fps: 4 });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'EDIT_CONFLICT', savedBy: null, savedAt: null });
    expect(late.body.message).toMatch(/^These settings were changed after you opened them/);
  });
});
