import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_HEADERS } from '../../../shared/protocol.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
  return fetch(`${server!.url}${path}`, { method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers });
}

describe('http transport', () => {
  it('accepts a POSTed JPEG with 202, relays it to viewers and lists the camera with ingest http', async () => {
    server = await startTestServer();
    const viewer = connectViewer(server.url);
    try {
      await waitFor(() => viewer.socket.connected, 'the viewer');
      const auth = { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg' };
      for (let seq = 1; seq <= 3; seq++) {
        const res = await post('/api/cameras/porch/frames', await makeJpeg(40, 30, seq), {
          ...auth,
          [HTTP_HEADERS.seq]: String(seq),
          [HTTP_HEADERS.capturedAt]: String(Date.now()),
        });
        expect(res.status).toBe(202);
        expect(await res.json()).toEqual({ ok: true, seq });
        expect(Number(res.headers.get(HTTP_HEADERS.serverTime))).toBeGreaterThan(0);
      }
      await waitFor(() => viewer.frames.some((f) => f.seq === 3), 'the third frame at the viewer');
      const list = (await (await fetch(`${server.url}/api/cameras`, { headers: server.adminAuth })).json()) as Array<{ id: string; ingest: string }>;
      expect(list).toEqual([expect.objectContaining({ id: 'porch', ingest: 'http', status: 'live' })]);
      const snap = await fetch(`${server.url}/api/cameras/porch/snapshot.jpg`, { headers: server.adminAuth });
      expect(snap.headers.get('content-type')).toBe('image/jpeg');
      expect(snap.headers.get('x-frame-seq')).toBe('3');
    } finally {
      viewer.close();
    }
  });

  it('answers each bad request with its status and stable code', async () => {
    server = await startTestServer({ maxFrameBytes: 16 * 1024 });
    const jpeg = await makeJpeg();
    const ok = { authorization: `Bearer ${server.captureToken}`, 'content-type': 'image/jpeg', [HTTP_HEADERS.seq]: '1', [HTTP_HEADERS.capturedAt]: '1' };
    const cases: Array<[string, Uint8Array | string, Record<string, string>, number, string]> = [
      ['/api/cameras/porch/frames', jpeg, { ...ok, authorization: 'Bearer nope' }, 401, 'BAD_TOKEN'],
      ['/api/cameras/porch/frames', jpeg, { ...ok, authorization: '' }, 401, 'BAD_TOKEN'],
      ['/api/cameras/a%2Fb/frames', jpeg, ok, 400, 'BAD_CAMERA_ID'],
      ['/api/cameras/porch/frames', jpeg, { ...ok, 'content-type': 'text/plain' }, 415, 'BAD_CONTENT_TYPE'],
      ['/api/cameras/porch/frames', Buffer.alloc(20 * 1024, 0xff), ok, 413, 'FRAME_TOO_LARGE'],
      ['/api/cameras/porch/frames', '<html></html>', ok, 415, 'NOT_JPEG'],
      ['/api/cameras/porch/frames', jpeg, { ...ok, [HTTP_HEADERS.seq]: 'x' }, 400, 'BAD_FRAME_META'],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const res = await post(path, body, headers);
      expect({ path, status: res.status, body: await res.json() }).toEqual({ path, status, body: expect.objectContaining({ ok: false, error: code }) });
    }
    expect((await fetch(`${server.url}/api/cameras/porch/snapshot.jpg`, { headers: server.adminAuth })).status).toBe(404);
    expect((await post('/api/cameras/porch/frames', jpeg, ok)).status).toBe(202);
  });
});
