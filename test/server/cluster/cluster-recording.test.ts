import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS, type RecordingConfig } from '../../../server/recording/settings.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

interface Listed {
  segments: Array<{ id: string; frames: number; state: string; url: string }>;
}

/** Every node is given the same recording settings and the same data folder, as docs/recording.md asks. */
const RECORDING: RecordingConfig = { ...RECORDING_DEFAULTS, minFreeMb: 0, segmentSeconds: 3, cameras: { porch: { mode: 'continuous' } } };

describe.runIf(redisAvailable())('recording in cluster mode (real Redis, shared data folder)', () => {
  let redis: TestRedis | undefined;
  let nodes: TestServer[] = [];
  let cam: TestCamera | undefined;
  afterEach(async () => {
    cam?.stop();
    for (const n of nodes) await stopTestServer(n);
    nodes = [];
    await redis?.stop();
  });

  it('records on the node holding the capture connection; another node lists and plays it back', async () => {
    redis = await startRedis();
    const a = await startTestServer({ redisUrl: redis.url, recording: RECORDING });
    nodes.push(a);
    const b = await startTestServer({ redisUrl: redis.url, recording: RECORDING, dataDir: a.dataDir });
    nodes.push(b);
    cam = await startCamera(a.url, a.captureToken, 'porch', { fps: 10 });

    const list = async (n: TestServer): Promise<Listed> => {
      const res = await fetch(`${n.url}/api/cameras/porch/recordings?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`, { headers: n.adminAuth });
      expect(res.status).toBe(200);
      return (await res.json()) as Listed;
    };
    // A closed segment with frames in it, seen from node B, which never had the camera.
    const listed = await waitFor(
      async () => {
        const l = await list(b);
        return l.segments.some((s) => s.state === 'closed' && s.frames > 0) ? l : null;
      },
      'a closed segment listed on node B',
      30_000,
    );
    expect(a.recording.recorderCameras()).toEqual(['porch']);
    expect(b.recording.recorderCameras()).toEqual([]);

    // Node B serves it with a range request, as a <video> seeking asks: an MP4 from its first box.
    const segment = listed.segments.find((s) => s.state === 'closed' && s.frames > 0)!;
    const res = await fetch(`${b.url}${segment.url}`, { headers: { ...b.adminAuth, range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    const head = Buffer.from(await res.arrayBuffer());
    expect(head.length).toBe(100);
    expect(head.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // Both nodes list the same segments: the index is the shared files.
    expect((await list(a)).segments.map((s) => s.id)).toEqual(expect.arrayContaining([segment.id]));
  });

  it("never records another node's camera it knows from the shared list, though its viewers read it", async () => {
    redis = await startRedis();
    const a = await startTestServer({ redisUrl: redis.url, recording: RECORDING });
    nodes.push(a);
    cam = await startCamera(a.url, a.captureToken, 'porch', { fps: 10 });
    // B starts on A's data folder once A saved the camera: B lists it as its own, offline (camera-keeper.ts restores it),
    // as a node restarted after a failover does.
    await waitFor(() => existsSync(path.join(a.dataDir, 'cameras.json')), "A's saved camera list", 10_000);
    const b = await startTestServer({ redisUrl: redis.url, recording: RECORDING, dataDir: a.dataDir });
    nodes.push(b);
    await waitFor(() => b.relay.cameras.getLocal('porch'), 'the camera restored on B from the shared list', 10_000);
    const startedB = Date.now();
    // A viewer on B reads the camera's track through Redis.
    const viewer = await fetch(`${b.url}/api/cameras/porch/stream.mjpeg`, { headers: b.adminAuth });
    const reader = viewer.body!.getReader();
    try {
      await waitFor(async () => (await reader.read()).value, "the camera's frames on B", 10_000);
      // A segment A began after B started has ended: B had every chance to record beside it.
      await waitFor(
        () => a.recording.index.range('porch', startedB, Date.now()).then((r) => r.segments.some((s) => s.start > startedB && s.state === 'closed')),
        'a segment of A after B started, closed',
        20_000,
        100,
      );
      expect(a.recording.recorderCameras()).toEqual(['porch']);
      expect(b.recording.recorderCameras()).toEqual([]);
    } finally {
      await reader.cancel();
    }
  });
});
