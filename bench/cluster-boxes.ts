/**
 * `--only=cluster-boxes` (#56 item 4): the detector's live boxes of a camera on node A, at a Live Monitor client on
 * A and at one on node B (across Redis through the track bus), the same looks, the same run. Two relays on one real
 * Redis in this process; A's detector is stood in for by publishing looks on A's objects track as the detection
 * module does (the detector's own cost has its rows: `--only=detect`). Each look's lag is from its publishing to
 * its arrival at each client; the target is B within 1 s of A.
 */
import { io, type Socket } from 'socket.io-client';
import type { LiveObjects } from '../shared/live-objects.js';
import { startCamera } from '../test/helpers/capture.js';
import { redisAvailable, startRedis } from '../test/helpers/redis.js';
import { startTestServer, stopTestServer, TEST_ADMIN } from '../test/helpers/server.js';
import { until } from './lib/load.js';
import { summarize } from './lib/stats.js';

export interface ClusterBoxesResult {
  looks: number;
  rate: number;
  sameNode: ReturnType<typeof summarize>;
  crossNode: ReturnType<typeof summarize>;
}

const CAMERA = 'door';

function look(at: number, x: number): LiveObjects {
  return { cameraId: CAMERA, at, width: 640, height: 360, boxes: [{ label: 'person', score: 0.8, box: [x, 40, 60, 160] }] };
}

/** A Live Monitor client that asked for the camera's boxes: when each look (by its `at`) reached it. */
function boxesViewer(url: string): { socket: Socket; arrived: Map<number, number> } {
  const arrived = new Map<number, number>();
  const socket = io(`${url}/monitor`, { auth: { ...TEST_ADMIN }, transports: ['websocket'], forceNew: true });
  socket.on('objects', (l: LiveObjects, ack: () => void) => {
    if (!arrived.has(l.at)) arrived.set(l.at, performance.now());
    ack();
  });
  return { socket, arrived };
}

/** `looks` looks at `rate` a second (a detector at its busiest is 2 to 5), after the first has reached both nodes. */
export async function runClusterBoxes(log: (m: string) => void, looks = 100, rate = 10): Promise<ClusterBoxesResult | null> {
  if (!redisAvailable()) return null;
  log(`  cluster-boxes: ${looks} looks at ${rate}/s from node A's detector, to a viewer on A and one on B…`);
  const redis = await startRedis();
  const a = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000 });
  const b = await startTestServer({ redisUrl: redis.url, offlineAfterMs: 2000, dataDir: a.dataDir });
  const camera = await startCamera(a.url, a.captureToken, CAMERA, { fps: 5 });
  const viewers = [boxesViewer(a.url), boxesViewer(b.url)] as const;
  try {
    a.relay.tracks.objects.setPublishing(CAMERA, true);
    await until(async () => b.relay.cameras.get(CAMERA)?.objects === true, "A's camera listed on B with boxes");
    for (const v of viewers) await v.socket.timeout(10_000).emitWithAck('subscribe', { cameraIds: [CAMERA], objects: [CAMERA] });
    // B's want reaches A on a cluster tick: until then A's looks go to nobody on B.
    // Each look's `at` is unique (a time on the server clock, as the detector's are): arrivals are matched by it.
    let last = 0;
    const nextAt = () => (last = Math.max(Date.now(), last + 1));
    await until(async () => {
      a.relay.tracks.objects.publishLook(look(nextAt(), 0));
      return viewers.every((v) => v.arrived.size > 0);
    }, 'a first look at both viewers');
    const sentAt = new Map<number, number>();
    for (let i = 0; i < looks; i++) {
      const at = nextAt();
      sentAt.set(at, performance.now());
      a.relay.tracks.objects.publishLook(look(at, 100 + (i % 50)));
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await until(async () => viewers.every((v) => [...sentAt.keys()].every((at) => v.arrived.has(at))), 'every look at both viewers');
    const lags = (v: (typeof viewers)[number]) => [...sentAt].map(([at, sent]) => Math.round((v.arrived.get(at)! - sent) * 10) / 10);
    return { looks, rate, sameNode: summarize(lags(viewers[0])), crossNode: summarize(lags(viewers[1])) };
  } finally {
    for (const v of viewers) v.socket.close();
    camera.stop();
    await stopTestServer(b, false);
    await stopTestServer(a);
    await redis.stop();
  }
}

export function renderClusterBoxes(r: ClusterBoxesResult): string {
  const row = (name: string, l: ClusterBoxesResult['sameNode']) => `| ${name} | ${l.n} | ${l.p50} | ${l.p95} | ${l.p99} |`;
  return [
    `| live boxes across nodes (#56: ${r.looks} looks at ${r.rate}/s of node A's detector) | looks | p50 ms | p95 ms | p99 ms |`,
    '|---|---|---|---|---|',
    row('viewer on node A (same node)', r.sameNode),
    row('viewer on node B (across Redis)', r.crossNode),
  ].join('\n');
}
