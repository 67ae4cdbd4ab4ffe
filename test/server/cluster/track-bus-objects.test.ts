/**
 * The detector's boxes across nodes (#56 item 4) over a real Redis and real sockets: a camera on node A whose
 * detector runs there (its looks published on A's objects track, as the detection module does), a Live Monitor
 * client on node B that asked for its boxes. B lists the camera with boxes, gets each look within a second of A's
 * publishing it, and drops what Redis brings that is not a look; A stops reading the track for B once B leaves.
 */
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeObjects } from '../../../server/relay/objects-codec.js';
import { trackChannel } from '../../../server/cluster/track-bus.js';
import type { LiveObjects } from '../../../shared/live-objects.js';
import type { CameraInfo } from '../../../shared/protocol.js';
import { startCamera, type TestCamera } from '../../helpers/capture.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

const look = (at: number, x: number): LiveObjects => ({
  cameraId: 'door',
  at,
  width: 640,
  height: 360,
  boxes: [{ label: 'person', score: 0.8, box: [x, 40, 60, 160] }],
});

describe.runIf(redisAvailable())('TrackBus: the live boxes of a camera of node A on node B', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let camera: TestCamera;
  let viewer: Socket | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000 });
    b = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000, dataDir: a.dataDir });
    camera = await startCamera(a.url, a.captureToken, 'door', { fps: 5 });
    a.relay.tracks.objects.setPublishing('door', true);
    await waitFor(() => b.relay.cameras.get('door')?.objects === true, "A's camera listed on B with boxes", 20_000, 100);
  }, 60_000);

  afterAll(async () => {
    viewer?.close();
    camera?.stop();
    if (b) await stopTestServer(b, false);
    if (a) await stopTestServer(a);
    await redis?.stop();
  });

  it("gives a viewer on B each look of A's detector, and drops what is not a look", async () => {
    const got: Array<{ look: LiveObjects; receivedAt: number }> = [];
    viewer = io(`${b.url}/monitor`, { auth: { ...TEST_ADMIN }, transports: ['websocket'], forceNew: true });
    viewer.on('objects', (l: LiveObjects, ack: () => void) => {
      got.push({ look: l, receivedAt: Date.now() });
      ack();
    });
    expect(await viewer.timeout(10_000).emitWithAck('subscribe', { cameraIds: ['door'], objects: ['door'] })).toMatchObject({ ok: true });
    // A reads the track for B once B's want comes (the cluster tick): until then the looks go to nobody on B.
    await waitFor(() => a.relay.tracks.objects.isRead('door'), 'A reading its boxes for B', 10_000, 50);
    await waitFor(
      () => {
        a.relay.tracks.objects.publishLook(look(Date.now(), 100));
        return got.length > 0;
      },
      'a first look on B',
      10_000,
      100,
    );
    // Then each look, in order, with its boxes as A's detector gave them.
    const sentAt = new Map<number, number>();
    for (let i = 1; i <= 5; i++) {
      const at = Date.now() + i;
      sentAt.set(at, Date.now());
      a.relay.tracks.objects.publishLook(look(at, 100 + i));
      await waitFor(() => got.some((g) => g.look.at === at), `look ${i} on B`, 5000, 5);
    }
    const later = got.filter((g) => sentAt.has(g.look.at));
    expect(later.map((g) => g.look.boxes[0]!.box[0])).toEqual([101, 102, 103, 104, 105]);
    expect(later[0]!.look).toMatchObject({ cameraId: 'door', width: 640, height: 360, boxes: [{ label: 'person', score: 0.8 }] });
    const lags = later.map((g) => g.receivedAt - sentAt.get(g.look.at)!);
    console.log(`[track-bus] a look from A's detector to a viewer on B: ${Math.max(...lags)} ms at most, of ${lags.length}`);

    // Not JSON, a box too many, a label too long, another camera's look in the channel's name: none reaches the viewer.
    const pub = createClient({ url: redis.url });
    await pub.connect();
    const bad = [
      Buffer.from('not a look'),
      encodeObjects({ ...look(1, 7), boxes: Array.from({ length: 51 }, () => look(1, 7).boxes[0]!) }),
      encodeObjects({ ...look(1, 7), boxes: [{ label: 'x'.repeat(65), score: 0.5, box: [7, 1, 1, 1] }] }),
      encodeObjects({ ...look(1, 7), width: 0 }),
    ];
    for (const m of bad) await pub.publish(trackChannel('objects', 'door'), m);
    await pub.quit();
    const last = Date.now() + 100;
    a.relay.tracks.objects.publishLook(look(last, 200));
    await waitFor(() => got.some((g) => g.look.at === last), 'a good look after the bad ones', 5000, 10);
    expect(got.some((g) => g.look.boxes.some((box) => box.box[0] === 7))).toBe(false);

    // B's viewer leaves: A stops reading the track for B once B's want runs out.
    viewer.close();
    viewer = undefined;
    await waitFor(() => !a.relay.tracks.objects.isRead('door'), 'A no longer reading its boxes for B', 20_000, 100);
  }, 60_000);

  it("lists the camera on B without boxes once A's detector stops", async () => {
    a.relay.tracks.objects.setPublishing('door', false);
    await waitFor(() => (b.relay.cameras.get('door') as CameraInfo | undefined)?.objects !== true, 'B says the boxes stopped', 10_000, 100);
  });
});
