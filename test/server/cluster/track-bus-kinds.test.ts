/**
 * A kind added to the relay's kinds table (#56 item 1) travels between nodes with no other file changed: two relays
 * carry a test-only `notes` kind beside the relay's own, each in a real cluster over a real Redis; a reader on node B
 * reads the notes of node A's camera as any reader reads a track, and A's node reads the track for B as it does JPEG.
 */
import { pino } from 'pino';
import { Server as IoServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../server/cluster/start-cluster.js';
import { RELAY_KINDS, type KindMaker } from '../../../server/relay/kinds.js';
import { Relay } from '../../../server/relay/relay.js';
import { newestFrame } from '../../../server/tracks/policies.js';
import { Track } from '../../../server/tracks/track.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { readTrack } from '../../helpers/track-reader.js';
import { waitFor } from '../../helpers/wait.js';

interface Note {
  cameraId: string;
  n: number;
}

/** The whole kind: its track, its policy and its bytes between nodes. */
const notesKind: KindMaker = (c) => {
  const track = new Track<Note>({ kind: 'notes', policy: newestFrame(() => 8), cameraOf: (u) => u.cameraId, now: c.now });
  const encode = (u: Note): Buffer => {
    const buf = Buffer.alloc(8);
    buf.writeDoubleBE(u.n);
    return buf;
  };
  const decode = (cameraId: string, buf: Buffer): Note | null => (buf.length === 8 ? { cameraId, n: buf.readDoubleBE(0) } : null);
  return { track, bus: [{ track, encode, decode }] };
};

interface Node {
  relay: Relay;
  cluster: Cluster;
  notes: Track<Note>;
}

async function startNode(url: string): Promise<Node> {
  const relay = new Relay({
    maxFrameBytes: 64 * 1024,
    maxDimension: 4096,
    offlineAfterMs: 5000,
    stallAfterMs: 2000,
    kinds: { ...RELAY_KINDS, notes: notesKind },
  });
  // No HTTP server: the nodes talk through the Redis adapter alone (cluster.close ends its clients).
  const io = new IoServer();
  const cluster = await startCluster({ url, offlineAfterMs: 5000, forgetAfterMs: 60_000, tickMs: 100 }, relay, io, pino({ level: 'silent' }));
  return { relay, cluster, notes: relay.kinds.get('notes')!.track as Track<Note> };
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node) return;
  await node.cluster.close();
  node.relay.close();
}

describe.runIf(redisAvailable())("TrackBus: a kind the relay's table adds", () => {
  let redis: TestRedis;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startNode(redis.url);
    b = await startNode(redis.url);
  }, 30_000);

  afterAll(async () => {
    await stopNode(b);
    await stopNode(a);
    await redis?.stop();
  });

  it("is carried to a reader on node B of node A's camera, and A reads it for B only while B reads", async () => {
    a.relay.openIngest('desk', 'Desk', undefined, 'websocket');
    expect(a.relay.cameras.isLocalOnline('desk')).toBe(true);
    const got: Note[] = [];
    const stop = readTrack(b.notes, ['desk'], (note) => got.push(note));
    let n = 0;
    // Until B's want reaches A (the cluster tick), A's notes go to nobody: A publishes until B has one.
    await waitFor(
      () => {
        a.notes.publish({ cameraId: 'desk', n: ++n });
        return got.length > 0;
      },
      "a note of A's camera at B",
      15_000,
      50,
    );
    expect(a.notes.isRead('desk'), 'A reads the notes kind for B').toBe(true);
    expect(got.every((note) => note.cameraId === 'desk' && note.n >= 1 && note.n <= n)).toBe(true);
    expect(b.cluster.tracks.heard('notes')).toEqual(new Set(['desk']));
    stop();
    await waitFor(() => !a.notes.isRead('desk'), 'A no longer reading the notes for B', 20_000, 100);
  }, 60_000);
});
