/**
 * Live H.264 across nodes (#30), the `h264` kinds of the track bus (#56), over a real Redis and real sockets: a viewer on node B takes a camera
 * held by node A as H.264; A's capture client is asked for it only while B's viewer wants it; what Redis
 * brings B is checked (a malformed message is dropped); B stops claiming H.264 when Redis goes away; a
 * dead node's want runs out.
 */
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureOffer } from '../../../shared/demand.js';
import type { MonitorH264Meta } from '../../../shared/protocol.js';
import type { SubscribeReply } from '../../../shared/subscription.js';
import { TRACK_WANT, trackChannel } from '../../../server/cluster/track-bus.js';
import { encodeUnit } from '../../../server/relay/unit-codec.js';
import type { AccessUnit } from '../../helpers/h264.js';
import { noisyAccessUnits, rateOf, standIn, type StandIn } from '../../helpers/h264-stand-in.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

interface Watcher {
  socket: Socket;
  units: MonitorH264Meta[];
  /** JPEGs of the camera it was sent. */
  jpegs: number;
  reply: SubscribeReply | null;
}

/** A viewer of 'yard' as H.264: full size, or (`tile`) a tile 300 px wide that takes a rung. */
function watch(url: string, tile = false): Watcher {
  const socket = io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
  const w: Watcher = { socket, units: [], jpegs: 0, reply: null };
  const req = tile ? { cameraIds: ['yard'], widths: { yard: 300 }, h264Rungs: ['yard'] } : { cameraIds: ['yard'], h264: ['yard'] };
  socket.on('connect', () => socket.emit('subscribe', req, (r: SubscribeReply) => (w.reply = r)));
  socket.on('frame', (_meta: unknown, _jpeg: unknown, ack: () => void) => {
    w.jpegs++;
    ack();
  });
  socket.on('h264', (meta: MonitorH264Meta, _au: unknown, ack: () => void) => {
    w.units.push(meta);
    ack();
  });
  return w;
}

/**
 * Each unit follows the one before (seq +1), from a keyframe, or skips ahead to a keyframe: a lane whose viewer (or
 * Redis) falls behind skips to the next GOP, by design (CI 29c at load 9–11: 84 then the keyframe 91). Never a unit
 * after a hole that is not a keyframe (a decoder could not use it), never one out of order.
 */
function expectInOrder(units: MonitorH264Meta[]): void {
  expect(units[0]!.keyframe).toBe(true);
  for (let i = 1; i < units.length; i++) {
    const [prev, unit] = [units[i - 1]!, units[i]!];
    if (unit.seq !== prev.seq + 1)
      expect({ seq: unit.seq, after: prev.seq, keyframe: unit.keyframe }).toEqual({ seq: unit.seq, after: prev.seq, keyframe: true });
    expect(unit.seq).toBeGreaterThan(prev.seq);
  }
}

describe.runIf(redisAvailable())('TrackBus (h264): live H.264 to viewers on another node', () => {
  let redis: TestRedis | undefined;
  let nodes: TestServer[] = [];
  const cleanups: Array<() => void> = [];
  let full: AccessUnit[];
  let rung320: AccessUnit[];
  let jpeg: Buffer;

  beforeAll(async () => {
    // 720p at 15 fps, a keyframe every 2 s, about 2 Mbit/s (made at 10 fps, so 1333 kbit/s there).
    full = await noisyAccessUnits(60, 1280, 30, 1333);
    rung320 = await noisyAccessUnits(30, 320, 15, 200);
    jpeg = await makeJpeg(1280, 720);
  }, 60_000);

  afterEach(async () => {
    cleanups.splice(0).forEach((c) => c());
    for (const n of nodes) await stopTestServer(n);
    nodes = [];
    await redis?.stop();
  });

  async function node(): Promise<TestServer> {
    const n = await startTestServer({ redisUrl: redis!.url, offlineAfterMs: 2000 });
    nodes.push(n);
    return n;
  }
  async function camera(n: TestServer, rungs = false): Promise<StandIn> {
    const offers: CaptureOffer[] = rungs ? ['h264', 'h264-rungs'] : ['h264'];
    const c = await standIn(n, { cameraId: 'yard', offers, jpeg, full, rungs: new Map([[320, rung320]]), fps: 15 });
    cleanups.push(() => c.close());
    return c;
  }
  function viewer(n: TestServer, tile = false): Watcher {
    const v = watch(n.url, tile);
    cleanups.push(() => v.socket.close());
    return v;
  }
  async function listedWithH264(n: TestServer): Promise<void> {
    await waitFor(() => n.relay.cameraSide.live.canSend('yard'), 'the camera of A sendable as H.264 on B', 15_000);
  }

  it("sends a viewer on node B the camera of node A as H.264, in order from a keyframe; a joiner gets B's GOP at once; A's camera is asked only while B wants it", async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const cam = await camera(a);
    await listedWithH264(b);
    expect(cam.demand?.h264).toBe(false);
    const first = viewer(b);
    await waitFor(() => first.units.length >= 45, '45 units at the viewer on B', 20_000);
    expect(first.reply).toMatchObject({ ok: true, h264: ['yard'] });
    expect(cam.demand?.h264).toBe(true);
    expect(first.units[0]!.codec).toMatch(/^avc1\.[0-9A-F]{6}$/);
    expectInOrder(first.units);

    // While B's only viewer of the camera takes it as H.264, B takes none of its JPEGs from Redis.
    await waitFor(() => !b.cluster!.bus.subscriptions.has('yard'), "B off the camera's JPEG channel");
    // Redis traffic of one 720p15 camera: the bytes published on its channel over whole seconds.
    const published = a.cluster!.tracks.counts.get('h264')!;
    const [bytes0, jpegs0, at0] = [published.bytes, a.cluster!.bus.published, Date.now()];
    await waitFor(() => Date.now() - at0 >= 4000 || null, '4 s of units');
    const seconds = (Date.now() - at0) / 1000;
    const perSecond = (published.bytes - bytes0) / seconds;
    const jpegsPerSecond = (a.cluster!.bus.published - jpegs0) / seconds;
    console.log(
      `[h264-bus] one 720p15 camera on Redis: ${Math.round(perSecond / 1000)} kB/s of H.264 published (units alone: ${Math.round(rateOf(full, 15) / 1000)} kB/s); its JPEGs meanwhile: ${jpegsPerSecond.toFixed(1)}/s of ${jpeg.length} B`,
    );

    // A joiner on B starts from the GOP B kept: a keyframe B already had, not one asked of A's camera now. (Its seq
    // against the first viewer's newest raced: B may take the next keyframe while the first viewer's is in flight.)
    const asked = cam.keyframeAsks.length;
    const joiner = viewer(b);
    await waitFor(() => joiner.units.length >= 20, '20 units at the joiner on B');
    expect(joiner.units[0]!.keyframe).toBe(true);
    expect(cam.keyframeAsks.length).toBe(asked);
    expectInOrder(joiner.units);
    expect(first.units.length).toBeGreaterThan(45);
    expectInOrder(first.units);

    // Both leave: after B's release delay, A's camera is no longer asked for H.264.
    first.socket.close();
    joiner.socket.close();
    await waitFor(() => cam.demand?.h264 === false, "A's camera released after B's viewers left", 20_000);
  }, 90_000);

  it("sends a tile on node B the rung of node A's camera as H.264, asking A's camera for that rung alone", async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const cam = await camera(a, true);
    // As the Live Monitor does, the tile asks once B lists the camera's width: a rung is chosen from it, and a
    // tile that asked before (A announced the offers before its camera's first frame) stays JPEG until it asks again.
    await waitFor(
      () => b.relay.cameraSide.live.canSendRungs('yard') && b.relay.cameras.get('yard')?.width === 1280,
      'the rungs of A sendable as H.264 on B, at its listed width',
      15_000,
    );
    const tile = viewer(b, true);
    await waitFor(() => tile.units.length >= 20, '20 rung units at the tile on B', 20_000);
    expect(tile.reply).toMatchObject({ ok: true, h264: ['yard'] });
    expect(cam.demand).toMatchObject({ h264: false, h264Widths: [320] });
    expect(tile.units.every((u) => u.width === 320)).toBe(true);
    expectInOrder(tile.units);
  }, 60_000);

  it("holds another node's want only at the ladder's widths: a rogue width never reaches the capture side's demand", async () => {
    redis = await startRedis();
    const [a, peer] = [await node(), await node()];
    const cam = await camera(a, true);
    await waitFor(() => cam.demand !== null, "the camera's first demand");
    // A peer's want through the adapter, as a node sends it: widths off the ladder (the capture side refuses
    // a demand naming one, whole), a bad camera id, and one good rung. Sent again until held, as each tick does.
    const want = { nodeId: 'rogue', items: ['h264@8/yard', 'h264@321/yard', 'h264@8192/yard', 'h264@640/../yard', 'h264@640/yard'] };
    await waitFor(
      () => {
        peer.io.serverSideEmit(TRACK_WANT, want);
        return cam.demand?.h264Widths?.includes(640) ?? false;
      },
      'the good rung in the demand',
      15_000,
    );
    expect(cam.demand!.h264Widths).toEqual([640]);
  }, 60_000);

  it("sends B's viewer the camera's JPEGs again, through Redis, when A's capture client stops sending H.264", async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const cam = await camera(a);
    await listedWithH264(b);
    const v = viewer(b);
    await waitFor(() => v.units.length >= 10 && !b.cluster!.bus.subscriptions.has('yard'), 'H.264 at the viewer on B, and no JPEG channel', 20_000);
    // The camera side stops its H.264 (the stand-in sends it while its newest demand asks).
    cam.demand = { ...cam.demand!, h264: false };
    const jpegs = v.jpegs;
    await waitFor(() => v.jpegs >= jpegs + 10, '10 JPEGs at the viewer on B after its H.264 stopped', 15_000);
    expect(b.relay.cameraSide.live.sending(v.socket.id!, 'yard')).toBe(false);
  }, 60_000);

  it('drops a malformed message on the channel and keeps serving', async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    await camera(a);
    await listedWithH264(b);
    const v = viewer(b);
    await waitFor(() => v.units.length >= 10, '10 units at the viewer on B', 20_000);
    const rogue = createClient({ url: redis.url });
    await rogue.connect();
    const channel = trackChannel('h264', 'yard');
    const unit = (keyframe: boolean, cameraId = 'yard') => ({
      meta: { cameraId, seq: 1e9, epoch: 1, capturedAt: 1, clockSynced: false, receivedAt: 1, width: 1280, height: 720, keyframe, codec: 'x' },
      au: Buffer.from([0, 0, 0, 1, 0x65, 1, 2, 3]),
    });
    const bad = [
      Buffer.alloc(2),
      Buffer.from([0, 0, 0, 5, 1, 2]),
      Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x}'), Buffer.alloc(8)]),
      Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.alloc(70_000)]),
      // A keyframe without its SPS, another camera's unit, and a unit past the size cap.
      encodeUnit(null, unit(true)),
      encodeUnit(null, unit(false, 'porch')),
      encodeUnit(null, { ...unit(false), au: Buffer.alloc(3 * 1024 * 1024) }),
    ];
    for (const m of bad) await rogue.publish(channel, m);
    await rogue.close();
    const after = v.units.length;
    await waitFor(() => v.units.length >= after + 30, '30 more units after the malformed messages');
    expect(v.units.some((u) => u.seq === 1e9)).toBe(false);
    expectInOrder(v.units);
  }, 60_000);

  it("stops claiming H.264 on B when Redis goes away, so B's viewer gets no unit and the page falls back to JPEG", async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    await camera(a);
    await listedWithH264(b);
    const v = viewer(b);
    await waitFor(() => v.units.length >= 10, '10 units at the viewer on B', 20_000);
    await redis.stop();
    await waitFor(() => !b.relay.cameraSide.live.canSend('yard'), 'B no longer sending the camera as H.264');
    const viewerId = v.socket.id!;
    await waitFor(() => !b.relay.cameraSide.live.sending(viewerId, 'yard') || null, 'B no longer claiming H.264 for the viewer');
  }, 60_000);

  it("lets A's camera go when node B dies with a viewer on it", async () => {
    redis = await startRedis();
    const [a, b] = [await node(), await node()];
    const cam = await camera(a);
    await listedWithH264(b);
    viewer(b);
    await waitFor(() => cam.demand?.h264 === true, "A's camera asked for H.264", 20_000);
    await stopTestServer(b);
    nodes = nodes.filter((n) => n !== b);
    await waitFor(() => cam.demand?.h264 === false, "A's camera released once B's want ran out", 10_000);
  }, 60_000);
});
