/**
 * `event-news` on `/monitor` (#57): a page that may view a camera hears of each of its events as the
 * event log writes it (start, objects, end), so the review page asks again at once; a page whose user
 * may not view the camera hears nothing of it, not even its name; a camera that comes later is news
 * to those who may view it. Real relay, real socket.io-client pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import type { EventNews } from '../../../shared/protocol.js';
import { postFrame } from '../../e2e/playback-scene.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { seqJpeg } from '../recording/media.js';

const NEIGHBOUR = { username: 'neighbour', password: 'neighbour-password' };

describe('event-news to the pages that may view the camera', () => {
  let server: TestServer;
  const pages: TestViewer[] = [];
  const heard = new Map<TestViewer, EventNews[]>();

  const page = (auth?: { username: string; password: string }) => {
    const viewer = connectViewer(server.url, auth ? { auth } : {});
    const news: EventNews[] = [];
    viewer.socket.on('event-news', (n: EventNews) => void news.push(n));
    heard.set(viewer, news);
    pages.push(viewer);
    return viewer;
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.store.putUser({ username: NEIGHBOUR.username, role: 'viewer', cameras: ['shed'], password: await hashPassword(NEIGHBOUR.password) });
    await postFrame(server, 'porch', 1, Date.now(), await seqJpeg(1));
  });
  afterAll(async () => {
    for (const p of pages) p.close();
    await stopTestServer(server);
  });

  it("tells each page of its cameras' events as they are written, and nothing of the others", async () => {
    const admin = page();
    const neighbour = page(NEIGHBOUR);
    await waitFor(() => admin.cameras.length === 1 && neighbour.socket.connected, 'both pages connected');
    // The shed comes after both pages connected: the neighbour may view it, and hears of it.
    await postFrame(server, 'shed', 1, Date.now(), await seqJpeg(1));
    await waitFor(() => admin.cameras.length === 2 && neighbour.cameras.length === 1, 'the shed listed to both');

    const events = server.recording.events;
    const t = Date.now();
    events.signal('porch', { type: 'start', at: t }, { at: t, score: 5, jpeg: await seqJpeg(2) });
    events.signal('shed', { type: 'start', at: t + 1 }, { at: t + 1, score: 5, jpeg: await seqJpeg(3) });
    events.signal('porch', { type: 'end', at: t + 2000 });
    events.signal('shed', { type: 'end', at: t + 2001 });
    await events.idle();
    const porch = String(t);
    const shed = String(t + 1);
    await waitFor(() => heard.get(admin)!.length === 4 && heard.get(neighbour)!.length === 2, 'the news at both pages');
    expect([...heard.get(admin)!].sort((a, b) => `${a.id}${a.type}`.localeCompare(`${b.id}${b.type}`))).toEqual([
      { camera: 'porch', id: porch, type: 'end' },
      { camera: 'porch', id: porch, type: 'start' },
      { camera: 'shed', id: shed, type: 'end' },
      { camera: 'shed', id: shed, type: 'start' },
    ]);
    // A last event of the shed: once the neighbour hears it, nothing of the porch can still be on its way before it.
    events.signal('shed', { type: 'start', at: t + 5000 }, { at: t + 5000, score: 5, jpeg: await seqJpeg(4) });
    await waitFor(() => heard.get(neighbour)!.length === 3, "the shed's third news");
    expect(heard.get(neighbour)!.map((n) => n.camera)).toEqual(['shed', 'shed', 'shed']);
  });
});
