/**
 * Cluster mode, started by the cluster module (index.ts) when CAMRELAY_REDIS_URL is set: nodes
 * share the camera list through the Socket.IO Redis adapter and frames through Redis pub/sub.
 * Without Redis a node keeps serving its own cameras to its own viewers, reports `degraded`, and
 * rejoins by itself.
 */
import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { closeRedis, redisClient } from '../redis-client.js';
import { publishesCaught } from './publishes-caught.js';
import type { Server as IoServer } from 'socket.io';
import type { Relay } from '../relay/relay.js';
import { CameraSync, type Announcement } from './camera-sync.js';
import { TRACK_START, TRACK_WANT, TrackBus } from './track-bus.js';
import { h264Kind } from '../relay/live-h264.js';

export type ClusterState = 'ok' | 'degraded';

export interface Cluster {
  state(): ClusterState;
  /** The JPEG figures the benchmark and tests read: the cameras whose frames this node hears, and frames published. */
  bus: JpegBusFigures;
  /** Every track (JPEG, live H.264 full size and per rung, sound, the detector's boxes): one bus. */
  tracks: TrackBus;
  close(): Promise<void>;
}

export interface JpegBusFigures {
  /** Other nodes' cameras this node hears the JPEGs of now. */
  readonly subscriptions: ReadonlySet<string>;
  /** Frames this node published. */
  readonly published: number;
}

export interface ClusterOptions {
  url: string;
  offlineAfterMs: number;
  forgetAfterMs: number;
  tickMs?: number;
}

const ANNOUNCE = 'camrelay:cameras';
/** How long a starting node waits for Redis before it serves on its own. */
const START_WAIT_MS = 3000;

export async function startCluster(o: ClusterOptions, relay: Relay, io: IoServer, log: Logger): Promise<Cluster> {
  const nodeId = randomUUID();
  const [pub, sub, adapterPub, adapterSub] = [redisClient(o.url), redisClient(o.url), redisClient(o.url), redisClient(o.url)];
  let degradedSince: number | null = null;
  for (const c of [pub, sub, adapterPub, adapterSub]) {
    c.on('error', (err: Error) => {
      if (degradedSince === null) log.warn({ err: err.message }, 'redis unreachable: serving local cameras only');
      degradedSince ??= Date.now();
    });
    c.on('ready', () => {
      if (degradedSince !== null && [pub, sub, adapterPub, adapterSub].every((x) => x.isReady)) {
        log.info({ downMs: Date.now() - degradedSince }, 'redis back: cluster rejoined');
        degradedSince = null;
      }
    });
  }
  // Redis away at start: the node serves its own cameras at once (degraded) and joins when Redis answers.
  const connected = Promise.all([pub, sub, adapterPub, adapterSub].map((c) => c.connect().catch(() => {})));
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([connected, new Promise((resolve) => (waited = setTimeout(resolve, START_WAIT_MS)))]);
  clearTimeout(waited);

  // PTZ answers ride serverSideEmit acks (ptz-cluster.ts): the holding node may wait 6 s for its
  // capture side, and a node that never answers must not keep the others' answers past 7 s.
  io.adapter(createAdapter(publishesCaught(adapterPub), adapterSub, { requestsTimeout: 7000 }));
  const sync = new CameraSync(nodeId, o.offlineAfterMs, o.forgetAfterMs, () => relay.cameras.changed());
  relay.cameras.setRemote(() => sync.cameras());
  io.on(ANNOUNCE, (a: Announcement) => sync.receive(a));

  const tickMs = o.tickMs ?? 500;
  const live = relay.cameraSide.live;
  const isLocal = (id: string) => relay.cameras.isLocalOnline(id);
  // A camera's tracks (every kind of the relay's that says its bus codec), for readers on other nodes than the camera's.
  const tracks = new TrackBus({
    nodeId,
    pub,
    sub,
    kinds: [...relay.kinds.values()].flatMap((k) => k.bus ?? []),
    emit: (event, body) => {
      if (adapterPub.isReady) io.serverSideEmit(event, body);
    },
    wantTtlMs: Math.max(2000, 4 * tickMs),
  });
  io.on(TRACK_WANT, (w: unknown) => tracks.receiveWant(w));
  io.on(TRACK_START, (item: unknown) => tracks.receiveStart(item, isLocal));
  // Another node's camera goes out as H.264 here only while Redis brings its units.
  const remoteCamera = (id: string) => (sub.isReady && !isLocal(id) ? sync.cameras().find((c) => c.id === id && c.online) : undefined);
  live.setRemote({
    offers: (id) => remoteCamera(id)?.h264 === true,
    offersRungs: (id) => remoteCamera(id)?.h264Rungs === true,
    requestKeyframe: (id, rung) => tracks.askStart(h264Kind(rung), id),
  });
  // After a Redis outage the client subscribes again by itself, listeners and all: the buses must not subscribe again
  // beside it, or every frame of another node's camera comes twice (and a channel no longer wanted is never left).

  const tick = async () => {
    // Only cameras this node has had: the saved ones it merely lists are in every node's list already.
    const local = relay.cameras.listLocal().filter((c) => c.online || c.framesIn > 0);
    if (adapterPub.isReady) io.serverSideEmit(ANNOUNCE, { nodeId, cameras: local } satisfies Announcement);
    sync.tick();
    await tracks.tick(isLocal);
  };
  const timer = setInterval(() => void tick().catch(() => {}), tickMs);
  timer.unref();
  void tick().catch(() => {});

  const bus: JpegBusFigures = {
    get subscriptions() {
      return tracks.heard(relay.tracks.jpeg.kind);
    },
    get published() {
      return tracks.counts.get(relay.tracks.jpeg.kind)!.units;
    },
  };
  return {
    bus,
    tracks,
    state: () => ([pub, sub, adapterPub, adapterSub].every((c) => c.isReady) ? 'ok' : 'degraded'),
    async close() {
      clearInterval(timer);
      tracks.close();
      await Promise.all([pub, sub, adapterPub, adapterSub].map((c) => closeRedis(c)));
    },
  };
}
