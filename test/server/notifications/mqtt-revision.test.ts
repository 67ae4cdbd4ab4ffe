/**
 * Two admins saving the MQTT settings, over real HTTP against the real relay: the section carries a
 * revision (`new` before any save); a save from an older one is refused with 409 EDIT_CONFLICT naming
 * who saved first; a save without one works as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs, startTwoAdmins } from '../../helpers/two-admins.js';

// Switched off: no broker is needed to save the settings.
const settings = (topicPrefix: string) => ({ url: 'mqtt://127.0.0.1:9', password: 'broker-secret', topicPrefix, enabled: false });

interface View {
  topicPrefix: string;
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
}

describe('PUT /api/admin/notifications/mqtt with revisions', () => {
  let server: TestServer;
  let ana: string;
  let ben: string;

  beforeAll(async () => {
    ({ server, ana, ben } = await startTwoAdmins());
  });
  afterAll(() => stopTestServer(server));

  const read = async (): Promise<View> =>
    ((await (await fetch(`${server.url}/api/admin/notifications`, { headers: server.adminAuth })).json()) as { mqtt: View }).mqtt;
  const put = (cookie: string, body: unknown) =>
    sendAs<{ error?: string; message?: string; field?: string; mqtt?: View } & Partial<View>>(server, cookie, 'PUT', '/api/admin/notifications/mqtt', body);

  it('refuses the second of two saves from one revision, naming who saved first, and saves it over on request', async () => {
    const opened = await read();
    expect(opened).toMatchObject({ revision: 'new', savedBy: null, savedAt: null });
    const first = await put(ana, { ...settings('ana'), revision: opened.revision });
    expect(first.status).toBe(200);
    expect(first.body.mqtt).toMatchObject({ topicPrefix: 'ana', savedBy: 'ana' });
    expect(first.body.mqtt!.revision).toMatch(/^[0-9a-f]{16}$/);

    const second = await put(ben, { ...settings('ben'), revision: opened.revision });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'EDIT_CONFLICT', revision: first.body.mqtt!.revision, savedBy: 'ana', savedAt: first.body.mqtt!.savedAt });
    expect((await read()).topicPrefix).toBe('ana');

    const over = await put(ben, { ...settings('ben'), revision: second.body.revision });
    expect(over.status).toBe(200);
    expect(await read()).toMatchObject({ topicPrefix: 'ben', savedBy: 'ben', revision: over.body.mqtt!.revision });
  });

  it('saves without a revision as before, and refuses one that is not a revision', async () => {
    expect((await put(ana, settings('plain'))).status).toBe(200);
    expect((await read()).topicPrefix).toBe('plain');
    const bad = await put(ana, { ...settings('x'), revision: { a: 1 } });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'BAD_REVISION', 'revision']);
  });
});
