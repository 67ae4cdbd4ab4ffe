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
});
