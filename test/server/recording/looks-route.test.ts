/**
 * `GET /api/cameras/<id>/looks` on a real relay (#56 item 5): the detector's looks the recorder kept
 * beside a camera's segments, read back by time, behind the same gate as the segments' media, and
 * bounded in range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import type { LiveObjects, RecordedLooks } from '../../../shared/live-objects.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { H, seqJpeg, W } from './media.js';

const ALICE = { username: 'alice', password: 'alice-password-1' };
const alice = { authorization: `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}` };
let server: TestServer;
let look: LiveObjects;

async function postFrame(seq: number): Promise<void> {
  const headers = {
    authorization: `Bearer ${server.captureToken}`,
    'content-type': 'image/jpeg',
    'x-frame-seq': String(seq),
    'x-captured-at': String(Date.now()),
  };
  const res = await fetch(`${server.url}/api/cameras/door/frames`, { method: 'POST', body: (await seqJpeg(seq)) as Uint8Array<ArrayBuffer>, headers });
  expect(res.status).toBe(202);
}

const get = (query: string, headers: Record<string, string> = server.adminAuth) => fetch(`${server.url}/api/cameras/door/looks?${query}`, { headers });
const range = () => `from=${look.at - 10_000}&to=${look.at + 10_000}`;

beforeAll(async () => {
  server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, cameras: { door: { mode: 'continuous', fps: 15, motion: { enabled: false } } } } });
  server.store.putUser({ username: ALICE.username, role: 'viewer', cameras: ['yard'], password: await hashPassword(ALICE.password) });
  server.relay.tracks.objects.setPublishing('door', true);
  let seq = 0;
  // Frames until the recorder has a segment open: looks are kept beside one.
  await waitFor(
    async () => {
      await postFrame(++seq);
      return server.recording.status('door').state === 'recording';
    },
    'a segment of door open',
    20_000,
    100,
  );
  look = { cameraId: 'door', at: Date.now(), width: W, height: H, boxes: [{ label: 'person', score: 0.87, box: [40, 30, 60, 120] }] };
  server.relay.tracks.objects.publish(look);
  await postFrame(++seq);
});
afterAll(() => stopTestServer(server));

describe('GET /api/cameras/:cameraId/looks', () => {
  it('gives the looks kept beside the segments of the range, with their times and boxes', async () => {
    const body = await waitFor(
      async () => {
        const res = await get(range());
        expect(res.status).toBe(200);
        const b = (await res.json()) as RecordedLooks;
        return b.looks.length > 0 ? b : null;
      },
      'the look kept',
      10_000,
    );
    expect(body).toEqual({
      camera: 'door',
      from: look.at - 10_000,
      to: look.at + 10_000,
      cut: false,
      looks: [{ at: look.at, width: W, height: H, boxes: look.boxes }],
    });
  });

  it('gives none for a range with no look', async () => {
    const res = await get(`from=${look.at + 5000}&to=${look.at + 9000}`);
    expect(((await res.json()) as RecordedLooks).looks).toEqual([]);
  });

  it('asks for the same sign-in and camera access as the media: a viewer of other cameras gets UNKNOWN_CAMERA', async () => {
    expect((await fetch(`${server.url}/api/cameras/door/looks?${range()}`)).status).toBe(401);
    const res = await get(range(), alice);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('UNKNOWN_CAMERA');
  });

  it('refuses a range longer than an hour, or none, with BAD_TIME_RANGE', async () => {
    for (const query of [`from=${look.at}&to=${look.at + 3_600_001}`, `from=${look.at}`, '']) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error, query).toBe('BAD_TIME_RANGE');
    }
    expect((await get(`from=${look.at}&to=${look.at + 3_600_000}`)).status).toBe(200);
  });
});
