/**
 * Deleting a camera and its recordings: `DELETE /api/cameras/<id>?recordings=keep|delete`, on a real
 * relay. Keep (or no choice, as before recording existed) leaves the files listed; delete removes
 * that camera's folder and nothing else; a bad choice and a viewer are refused before anything goes.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { dayOf, daysAgo } from '../../helpers/days-ago.js';
import { postFrame as post, writeSegment } from '../../helpers/fake-recordings.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

// Two and one days ago, at 10:00 UTC: fixed dates fell out of the default retention a week on (CI 30e).
const DAY1 = daysAgo(2);
const DAY2 = daysAgo(1);
const D1 = dayOf(DAY1);
const D2 = dayOf(DAY2);

const segment = (camera: string, start: number, bytes: number) => writeSegment(server!, camera, start, bytes);
const postFrame = async (id: string, seq = 1) => expect(await post(server!, id, seq)).toBe(202);

async function call(cookie: string, method: string, route: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server!.url}${route}`, { method, headers: { cookie, ...sameOrigin(server!) } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const listed = async (camera: string, day: string) =>
  ((await (await fetch(`${server!.url}/api/cameras/${camera}/recordings?day=${day}`, { headers: server!.adminAuth })).json()) as { segments: unknown[] })
    .segments.length;

async function twoCameras(): Promise<string> {
  server = await startTestServer();
  for (const id of ['porch', 'yard']) await postFrame(id);
  await segment('porch', DAY1, 1000);
  await segment('porch', DAY2, 2000);
  await segment('yard', DAY1, 500);
  return login(server);
}

describe('DELETE /api/cameras/<id> and its recordings', () => {
  it('says what the recordings of a camera hold, for the question before deleting', async () => {
    const cookie = await twoCameras();
    expect(await call(cookie, 'GET', '/api/cameras/porch/recording/files')).toEqual({
      status: 200,
      json: { camera: 'porch', segments: 2, bytes: 3000, days: 2, firstDay: D1, lastDay: D2 },
    });
    expect((await call(cookie, 'GET', '/api/cameras/nobody/recording/files')).json).toMatchObject({ segments: 0, bytes: 0, firstDay: null });
  });

  it('keeps the recordings with no choice given, or with keep: they are still listed and played', async () => {
    const cookie = await twoCameras();
    expect(await call(cookie, 'DELETE', '/api/cameras/porch')).toEqual({ status: 200, json: { ok: true, revokedTokens: 0, recordings: 'kept' } });
    expect(await call(cookie, 'DELETE', '/api/cameras/yard?recordings=keep')).toMatchObject({ status: 200, json: { recordings: 'kept' } });
    expect(server!.relay.cameras.list().map((c) => c.id)).toEqual([]);
    expect(await listed('porch', D1)).toBe(1);
    expect(await listed('porch', D2)).toBe(1);
    expect(await listed('yard', D1)).toBe(1);
    const file = await fetch(`${server!.url}/api/cameras/porch/recordings/${DAY2}`, { headers: server!.adminAuth });
    expect([file.status, (await file.arrayBuffer()).byteLength]).toEqual([200, 2000]);
  });

  it("deletes that camera's recordings and nothing else, and its kept recordings later too", async () => {
    const cookie = await twoCameras();
    const root = server!.recording.files.root;
    // Beside the camera folders: a file no camera owns.
    writeFileSync(path.join(root, 'porch.txt'), 'not a recording');
    expect(await call(cookie, 'DELETE', '/api/cameras/porch?recordings=delete')).toEqual({
      status: 200,
      json: { ok: true, revokedTokens: 0, recordings: 'deleted', deletedBytes: 3000, deletedSegments: 2 },
    });
    expect(readdirSync(root).sort()).toEqual(['porch.txt', 'yard']);
    expect(await listed('porch', D2)).toBe(0);
    expect(await listed('yard', D1)).toBe(1);
    expect(existsSync(server!.recording.files.mediaPath({ camera: 'yard', id: String(DAY1), format: 'jpeg', start: DAY1 }))).toBe(true);

    // Yard deleted with its recordings kept: they can go later, though the camera is gone.
    await call(cookie, 'DELETE', '/api/cameras/yard');
    expect(await call(cookie, 'DELETE', '/api/cameras/yard?recordings=delete')).toMatchObject({
      status: 200,
      json: { recordings: 'deleted', deletedBytes: 500 },
    });
    expect(readdirSync(root)).toEqual(['porch.txt']);
    // Nothing of that id left at all: unknown.
    expect(await call(cookie, 'DELETE', '/api/cameras/yard?recordings=delete')).toMatchObject({ status: 404, json: { error: 'UNKNOWN_CAMERA' } });
  });

  it('refuses a choice other than keep or delete, and an id that is not one, before anything is deleted or revoked', async () => {
    const cookie = await twoCameras();
    const { token } = server!.store.createToken('porch');
    for (const query of ['?recordings=maybe', '?recordings=', '?recordings=keep&recordings=delete']) {
      const answer = await call(cookie, 'DELETE', `/api/cameras/porch${query}`);
      expect(answer, query).toMatchObject({ status: 400, json: { error: 'BAD_RECORDINGS_CHOICE' } });
      expect(answer.json.message).toMatch(/keep or delete/);
    }
    // No request names a folder: an id that is not one is refused before anything is read.
    for (const id of ['..%2Fyard', 'porch%2F..%2F..', '..%5Cyard', '.hidden']) {
      expect(await call(cookie, 'DELETE', `/api/cameras/${id}?recordings=delete`), id).toMatchObject({ status: 400, json: { error: 'BAD_CAMERA_ID' } });
    }
    expect(readdirSync(server!.recording.files.root).sort()).toEqual(['porch', 'yard']);
    expect(server!.relay.cameras.list().map((c) => c.id)).toContain('porch');
    expect(server!.store.hasToken(token.id)).toBe(true);
    expect(await listed('porch', D2)).toBe(1);
  });

  it('refuses a viewer, a capture token and no credentials: nothing is deleted', async () => {
    const cookie = await twoCameras();
    const made = await fetch(`${server!.url}/api/users`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(server!), 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'watcher', password: 'watcher-password', role: 'viewer', cameras: '*' }),
    });
    expect(made.status).toBe(201);
    const watcher = await login(server!, { username: 'watcher', password: 'watcher-password' });
    expect(await call(watcher, 'DELETE', '/api/cameras/porch?recordings=delete')).toMatchObject({ status: 403, json: { error: 'FORBIDDEN' } });
    expect(await call(watcher, 'GET', '/api/cameras/porch/recording/files')).toMatchObject({ status: 403, json: { error: 'FORBIDDEN' } });
    const byToken = await fetch(`${server!.url}/api/cameras/porch?recordings=delete`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server!.captureToken}`, ...sameOrigin(server!) },
    });
    expect(byToken.status).toBe(401);
    expect((await fetch(`${server!.url}/api/cameras/porch/recording/files`)).status).toBe(401);
    expect(await listed('porch', D2)).toBe(1);
  });

  it('stops a recorder that is writing, deletes its folder, and records again when the camera comes back', async () => {
    server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { porch: { mode: 'continuous', format: 'jpeg' } } } });
    const cookie = await login(server);
    for (let n = 1; n <= 5; n++) await postFrame('porch', n);
    await waitFor(() => server!.recording.status('porch').state === 'recording', 'the recorder writing');
    expect(await call(cookie, 'DELETE', '/api/cameras/porch?recordings=delete')).toMatchObject({ status: 200, json: { recordings: 'deleted' } });
    expect(readdirSync(server.recording.files.root)).toEqual([]);
    expect(server.recording.settingsOf('porch').mode).toBe('continuous');
    // Frames keep coming (the fps cap may skip one sent at once): the first kept one opens a new folder.
    let seq = 6;
    await waitFor(
      async () => {
        await postFrame('porch', seq++);
        return existsSync(server!.recording.files.cameraDir('porch'));
      },
      'a fresh folder for the camera that came back',
      10_000,
      100,
    );
  });
});
