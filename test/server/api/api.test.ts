import { afterEach, describe, expect, it } from 'vitest';
import { readJpegSize } from '../../../common/codec/jpeg.js';
import { HTTP_HEADERS } from '../../../shared/protocol.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

/** Starts a server holding one 640×360 frame of camera `porch`; returns that JPEG. */
async function serverWithFrame(overrides: Parameters<typeof startTestServer>[0] = {}): Promise<Buffer> {
  server = await startTestServer(overrides);
  const jpeg = await makeJpeg(640, 360, 5);
  const headers = {
    authorization: `Bearer ${server.captureToken}`,
    'content-type': 'image/jpeg',
    [HTTP_HEADERS.seq]: '1',
    [HTTP_HEADERS.capturedAt]: String(Date.now()),
  };
  const res = await fetch(`${server.url}/api/cameras/porch/frames`, { method: 'POST', body: jpeg as Uint8Array<ArrayBuffer>, headers });
  expect(res.status).toBe(202);
  return jpeg;
}

async function snapshot(query = ''): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(`${server!.url}/api/cameras/porch/snapshot.jpg${query}`, { headers: server!.adminAuth });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/cameras/:cameraId/snapshot.jpg', () => {
  it('sends the newest frame as it came, not cached and not sniffed', async () => {
    const jpeg = await serverWithFrame();
    const { res, body } = await snapshot();
    expect(res.status).toBe(200);
    expect(Object.fromEntries(['content-type', 'cache-control', 'x-content-type-options', 'x-frame-seq'].map((h) => [h, res.headers.get(h)]))).toEqual({
      'content-type': 'image/jpeg',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-seq': '1',
    });
    expect(body.equals(jpeg)).toBe(true);
  });

  it('says how old the frame is and when it arrived (X-Frame-Age-Ms, Last-Modified)', async () => {
    await serverWithFrame();
    const arrived = server!.relay.latestFrame('porch')!.receivedAt;
    const { res } = await snapshot();
    const age = Number(res.headers.get('x-frame-age-ms'));
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(10_000);
    expect(res.headers.get('last-modified')).toBe(new Date(arrived).toUTCString());
  });

  it('answers an offline camera with its last frame and its age, not an error', async () => {
    const jpeg = await serverWithFrame({ offlineAfterMs: 300, stallAfterMs: 200 });
    await waitFor(() => server!.relay.cameras.get('porch')?.status === 'offline', 'the camera offline');
    const { res, body } = await snapshot();
    expect(res.status).toBe(200);
    expect(body.equals(jpeg)).toBe(true);
    expect(Number(res.headers.get('x-frame-age-ms'))).toBeGreaterThanOrEqual(300);
  });

  it('scales down to ?width, keeping the aspect ratio', async () => {
    await serverWithFrame();
    const { res, body } = await snapshot('?width=320');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(readJpegSize(body)).toEqual({ width: 320, height: 180 });
  });

  it("rounds ?width up to the rendition ladder, so snapshots share the live viewers' renditions", async () => {
    await serverWithFrame();
    const { body } = await snapshot('?width=200');
    expect(readJpegSize(body)).toEqual({ width: 320, height: 180 });
  });

  it('never scales up: a wider ?width sends the frame as it came', async () => {
    const jpeg = await serverWithFrame();
    const { body } = await snapshot('?width=1000');
    expect(body.equals(jpeg)).toBe(true);
  });

  it.each([['15'], ['8193'], ['abc'], [''], ['2.5'], ['320&width=100']])('answers ?width=%s with 400 BAD_REQUEST', async (width) => {
    await serverWithFrame();
    const { res, body } = await snapshot(`?width=${width}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(body.toString())).toMatchObject({ ok: false, error: 'BAD_REQUEST' });
  });

  it('answers an unknown camera with 404 UNKNOWN_CAMERA', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/api/cameras/nope/snapshot.jpg?width=320`, { headers: server.adminAuth });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, error: 'UNKNOWN_CAMERA' });
  });
});
