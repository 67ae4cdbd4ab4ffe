/**
 * H.264 per rung end to end (#30): a real relay and a real capture client (the test pattern, the bundled ffmpeg's
 * libx264) that offers h264-rungs. While the relay demands a rung width, the client encodes the picture at that
 * width and the relay takes its units as that rung; when the demand drops it, the encoder stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCamera, type RunningCamera } from '../../capture-client/run.js';
import type { H264RungMeta } from '../../shared/demand.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let relay: TestServer;
let camera: RunningCamera;
const taken: Array<{ meta: H264RungMeta; au: Buffer }> = [];

beforeAll(async () => {
  relay = await startTestServer();
  relay.relay.cameraSide.onH264Rung((id, meta, au) => id === 'door' && taken.push({ meta, au }));
  camera = await runCamera({
    server: relay.url,
    token: relay.captureToken,
    cameraId: 'door',
    transport: 'socketio',
    fps: 10,
    offers: ['h264', 'h264-rungs'],
    source: 'test-pattern',
    sourceOptions: { fps: 10, width: 640, height: 360 },
  });
}, 30_000);

afterAll(async () => {
  await camera?.stop();
  await stopTestServer(relay);
});

describe('runCamera with h264-rungs offered', () => {
  it('encodes the test pattern at the demanded rung width and the relay takes its units as that rung', async () => {
    relay.relay.cameraSide.demand.read('door', 'live viewers at 320', { track: 'h264', width: 320 });
    await waitFor(() => camera.client.currentDemand.h264Widths?.includes(320), 'the demand asks for rung 320 as H.264');
    await waitFor(() => taken.length >= 12, 'a dozen rung units at the relay', 20_000);
    const metas = taken.map((t) => t.meta);
    expect(metas.every((m) => m.rung === 320 && m.width === 320 && m.height === 180)).toBe(true);
    expect(metas[0]!.keyframe).toBe(true);
    expect(metas.map((m) => m.seq)).toEqual(metas.map((_, i) => metas[0]!.seq + i));
    // SPS at the keyframe: a decoder can start there (NAL type 7 after a start code).
    expect([...taken[0]!.au.subarray(0, 64)].some((b, i, a) => i > 2 && a[i - 1] === 1 && a[i - 2] === 0 && (b & 0x1f) === 7)).toBe(true);
    // Only the rung: the full-size stream is not asked for, so it does not run.
    expect(camera.h264?.running ?? false).toBe(false);
  });

  it('stops the rung encoder when the relay no longer demands the width', async () => {
    relay.relay.cameraSide.demand.read('door', 'live viewers at 320', null);
    await waitFor(() => camera.client.currentDemand.h264Widths?.length === 0, 'the demand drops the rung');
    await waitFor(() => !camera.h264Rungs!.running, 'the rung encoder stopped', 10_000);
    const count = taken.length;
    const framesIn = () => relay.relay.cameras.list().find((c) => c.id === 'door')?.framesIn ?? 0;
    const from = framesIn();
    await waitFor(() => framesIn() >= from + 5, 'five more JPEG frames at the relay');
    expect(taken.length).toBe(count);
  });
});
