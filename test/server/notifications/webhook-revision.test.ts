/**
 * Two admins editing one webhook, over real HTTP against the real relay: each Admin area rule carries
 * a revision; an edit from an older one is refused with 409 EDIT_CONFLICT naming who saved first; an
 * edit without one works as before; the revision tells nothing of the rule's token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopTestServer, type TestServer } from '../../helpers/server.js';
import { sendAs, startTwoAdmins } from '../../helpers/two-admins.js';

interface Rule {
  id: string;
  url: string;
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
}
type Answer = { error?: string; message?: string; field?: string; webhook?: Rule } & Partial<Rule>;

describe('PUT /api/admin/notifications/webhooks/<id> with revisions', () => {
  let server: TestServer;
  let ana: string;
  let ben: string;

  beforeAll(async () => {
    ({ server, ana, ben } = await startTwoAdmins());
  });
  afterAll(() => stopTestServer(server));

  const rules = async (): Promise<Rule[]> =>
    ((await (await fetch(`${server.url}/api/admin/notifications`, { headers: server.adminAuth })).json()) as { webhooks: Rule[] }).webhooks;
  const send = (cookie: string, method: string, path: string, body: unknown) =>
    sendAs<Answer>(server, cookie, method, `/api/admin/notifications/webhooks${path}`, body);
  const rule = (url: string) => ({ url, headers: { Authorization: 'Bearer rule-token' } });

  it('refuses an edit made from an older revision, naming who saved first, and saves it over on request', async () => {
    const made = await send(ana, 'POST', '', rule('https://example.com/a'));
    expect(made.status).toBe(201);
    const id = made.body.webhook!.id;
    const [listed] = await rules();
    expect(listed).toMatchObject({ id, savedBy: 'ana', revision: made.body.webhook!.revision });
    const opened = listed!.revision!;

    const first = await send(ana, 'PUT', `/${id}`, { ...rule('https://example.com/ana'), revision: opened });
    expect(first.status).toBe(200);
    expect(first.body.webhook).toMatchObject({ url: 'https://example.com/ana', savedBy: 'ana' });

    const second = await send(ben, 'PUT', `/${id}`, { ...rule('https://example.com/ben'), revision: opened });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'EDIT_CONFLICT', revision: first.body.webhook!.revision, savedBy: 'ana', savedAt: first.body.webhook!.savedAt });
    expect((await rules())[0]!.url).toBe('https://example.com/ana');

    const over = await send(ben, 'PUT', `/${id}`, { ...rule('https://example.com/ben'), revision: second.body.revision });
    expect(over.status).toBe(200);
    expect((await rules())[0]).toMatchObject({ url: 'https://example.com/ben', savedBy: 'ben' });
    expect(JSON.stringify(await rules())).not.toContain('rule-token');
  });

  it('edits without a revision as before, and refuses one that is not a revision', async () => {
    const id = (await rules())[0]!.id;
    expect((await send(ana, 'PUT', `/${id}`, rule('https://example.com/plain'))).status).toBe(200);
    const bad = await send(ana, 'PUT', `/${id}`, { ...rule('https://example.com/x'), revision: '../etc' });
    expect([bad.status, bad.body.error, bad.body.field]).toEqual([400, 'BAD_REVISION', 'revision']);
  });
});
