import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';
import { seqJpeg } from './media.js';

let server: TestServer;
let viewer: TestViewer;

beforeAll(async () => {
  // A free-space floor no disk meets: the disk is "full" from the first retention pass at start.
  server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, minFreeMb: 100_000_000, cameras: { door: { mode: 'continuous', format: 'jpeg' } } } });
  viewer = connectViewer(server.url, { transports: ['websocket'], cameraIds: ['door'] });
  await waitFor(() => viewer.socket.connected, 'the viewer connected');
});
afterAll(async () => {
  viewer?.close();
  await stopTestServer(server);
});

describe('a full disk', () => {
  it('stops recording, says so in the API and /metrics, and leaves live viewing as it was', async () => {
    for (let seq = 1; seq <= 20; seq++) {
      const headers = {
        authorization: `Bearer ${server.captureToken}`,
        'content-type': 'image/jpeg',
        'x-frame-seq': String(seq),
        'x-captured-at': String(Date.now()),
      };
      const res = await fetch(`${server.url}/api/cameras/door/frames`, { method: 'POST', body: (await seqJpeg(seq)) as Uint8Array<ArrayBuffer>, headers });
      expect(res.status).toBe(202);
      await waitFor(() => viewer.frames.some((f) => f.seq === seq), `frame ${seq} live`);
    }
    const state = (await (await fetch(`${server.url}/api/cameras/door/recording`, { headers: server.adminAuth })).json()) as {
      frames: { kept: number; skipped: number };
      dropped: { disk_full: number };
    };
    expect(state).toMatchObject({ state: 'disk-full', diskFull: true, frames: { kept: 0 } });
    // Every frame is accounted for: skipped by the 15 fps cap (they came faster) or dropped for the full disk.
    expect(state.dropped.disk_full).toBeGreaterThan(0);
    expect(state.dropped.disk_full + state.frames.skipped).toBe(20);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    expect(metrics).toContain('camrelay_recording_disk_full 1');
    expect(metrics).toContain(`camrelay_recording_dropped_total{camera="door",reason="disk_full"} ${state.dropped.disk_full}`);
    expect(await server.recording.index.all('door')).toEqual([]);
  });
});
