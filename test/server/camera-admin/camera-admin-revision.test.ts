/**
 * Two admins saving one camera row's name and group, over real HTTP against the real relay (#55 item 6):
 * a save that started from an older revision is refused with 409 EDIT_CONFLICT naming who saved first,
 * so Ben's group change cannot put back the name Ana just gave; a save without a revision works as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraInfo } from '../../../shared/protocol.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs, startTwoAdmins } from '../../helpers/two-admins.js';

interface Answer {
  error?: string;
  message?: string;
  field?: string;
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
  camera?: CameraInfo;
}
type Revisions = { cameras: Record<string, { revision: string; savedBy: string | null; savedAt: number | null }> };

describe('PATCH /api/cameras/<id> with revisions', () => {
  let server: TestServer;
  let ana: string;
  let ben: string;

  /** One frame of `id` by HTTP POST: the camera is known to the relay. */
  async function postFrame(id: string): Promise<void> {
    const headers = { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', 'x-frame-seq': '1', 'x-captured-at': String(Date.now()) };
    const res = await fetch(`${server.url}/api/cameras/${id}/frames`, { method: 'POST', body: (await makeJpeg()) as Uint8Array<ArrayBuffer>, headers });
    expect(res.status).toBe(202);
  }

  beforeAll(async () => {
    ({ server, ana, ben } = await startTwoAdmins());
    for (const id of ['porch', 'yard', 'gate']) await postFrame(id);
  });
  afterAll(() => stopTestServer(server));

  const revisions = async (): Promise<Revisions> =>
    (await fetch(`${server.url}/api/cameras/revisions`, { headers: server.adminAuth })).json() as Promise<Revisions>;
  const cameraOf = async (id: string): Promise<CameraInfo> =>
    ((await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as CameraInfo[]).find((c) => c.id === id)!;
  const patch = (cookie: string, id: string, body: unknown) => sendAs<Answer>(server, cookie, 'PATCH', `/api/cameras/${id}`, body);

  it('refuses the second of two saves from one revision with 409 EDIT_CONFLICT, keeping the name the first admin gave', async () => {
    const opened = (await revisions()).cameras.porch!;
    expect(opened.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(opened).toMatchObject({ savedBy: null, savedAt: null });

    const before = Date.now();
    const first = await patch(ana, 'porch', { revision: opened.revision, name: 'Front porch' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ camera: { name: 'Front porch' }, savedBy: 'ana' });
    expect(first.body.revision).not.toBe(opened.revision);
    expect(first.body.savedAt).toBeGreaterThanOrEqual(before);

    // Ben's row still shows the old name: saved with his group, it would put that name back.
    const second = await patch(ben, 'porch', { revision: opened.revision, name: null, group: 'Outside' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'EDIT_CONFLICT', revision: first.body.revision, savedBy: 'ana', savedAt: first.body.savedAt });
    expect(second.body.message).toContain(
      `ana saved these settings at ${new Date(first.body.savedAt!).toISOString()} after you opened them; nothing was saved.`,
    );
    expect(await cameraOf('porch')).toMatchObject({ name: 'Front porch' });
    expect((await cameraOf('porch')).group ?? null).toBe(null);

    const again = await patch(ben, 'porch', { revision: second.body.revision, group: 'Outside' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ camera: { name: 'Front porch', group: 'Outside' }, savedBy: 'ben' });
    expect((await revisions()).cameras.porch).toEqual({ revision: again.body.revision, savedBy: 'ben', savedAt: again.body.savedAt });
  });

  it('saves a change without a revision as before (scripts, curl)', async () => {
    await patch(ana, 'yard', { name: 'Back yard' });
    const plain = await patch(ben, 'yard', { group: 'Garden' });
    expect(plain.status).toBe(200);
    expect(plain.body.camera).toMatchObject({ name: 'Back yard', group: 'Garden' });
  });

  it('refuses a revision that is not one the relay gives, and an unknown field as before', async () => {
    for (const revision of ['x'.repeat(65), 'a b', 42, ['a']]) {
      const res = await patch(ana, 'gate', { revision, name: 'Gate' });
      expect([res.status, res.body.error, res.body.field], JSON.stringify(revision)).toEqual([400, 'BAD_REVISION', 'revision']);
    }
    expect((await patch(ana, 'gate', { revision: (await revisions()).cameras.gate!.revision, colour: 'red' })).status).toBe(400);
    expect((await cameraOf('gate')).name).toBe('gate');
  });
});
