/**
 * Catch-up marks across nodes (#56), over a real Redis: node A holds a GOP of its camera's H.264 when a viewer on node B
 * starts on it. A replays that GOP to B as it does to a viewer of its own, every unit but the newest marked catch-up
 * (decoded, not drawn), and B's viewer gets the marks as A's would.
 */
import { pino } from 'pino';
import { Server as IoServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../server/cluster/start-cluster.js';
import { Relay } from '../../../server/relay/relay.js';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { MonitorH264Meta } from '../../../shared/protocol.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

// An IDR access unit with its SPS and PPS in-band, as libx264 makes one, and a P unit.
const IDR = Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xab, 0, 0, 0, 1, 0x68, 0xce, 0x38, 0x80, 0, 0, 0, 1, 0x65, 0x88, 0x84]);
const P = Buffer.from([0, 0, 0, 1, 0x41, 0x9a, 0x02]);

const unit = (seq: number): H264Unit => ({
  meta: {
    cameraId: 'yard',
    seq,
    epoch: 1,
    capturedAt: 1000 + seq,
    clockSynced: true,
    receivedAt: 1000 + seq,
    width: 1280,
    height: 720,
    keyframe: seq === 0,
    codec: 'avc1.42C01E',
  },
  au: seq === 0 ? IDR : P,
});

interface Node {
  relay: Relay;
  cluster: Cluster;
}

async function startNode(url: string): Promise<Node> {
  const relay = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 });
  // No HTTP server: the nodes talk through the Redis adapter alone (cluster.close ends its clients).
  const cluster = await startCluster({ url, offlineAfterMs: 5000, forgetAfterMs: 60_000, tickMs: 100 }, relay, new IoServer(), pino({ level: 'silent' }));
  return { relay, cluster };
}

describe.runIf(redisAvailable())('TrackBus (h264): catch-up marks', () => {
  let redis: TestRedis;
  let a: Node | undefined;
  let b: Node | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startNode(redis.url);
    b = await startNode(redis.url);
  }, 30_000);

  afterAll(async () => {
    for (const n of [b, a]) {
      await n?.cluster.close();
      n?.relay.close();
    }
    await redis?.stop();
  });

  it("marks on B's viewer the units of A's held GOP before its newest, as A marks them for its own", async () => {
    a!.relay.openIngest('yard', 'Yard', undefined, 'websocket');
    // A's camera has sent a keyframe and five units since: A's track holds that GOP, read by no one yet.
    for (let seq = 0; seq <= 5; seq++) a!.relay.cameraSide.live.trackOf(null).publish(unit(seq));
    const got: MonitorH264Meta[] = [];
    b!.relay.cameraSide.live.watch('viewer', 'yard', {
      write: (u, done) => {
        got.push(u.meta);
        done();
      },
    });
    await waitFor(() => got.length >= 6, "A's GOP at B's viewer", 15_000, 50);
    expect(got.map((m) => [m.seq, m.catchUp === true])).toEqual([
      [0, true],
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
    ]);
  }, 30_000);
});
