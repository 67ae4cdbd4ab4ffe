/**
 * Cross-node delivery: two camrelay nodes on one Redis, one camera on node A, viewers on A (same
 * node) and on B (across Redis), same frames, same run. Also Redis traffic per frame, from Redis's
 * own INFO counters, to show each frame crosses Redis once per interested node.
 */
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from './lib/load.js';
import { procGroup } from './lib/proc.js';
import { summarize } from './lib/stats.js';
import { startRedis } from '../test/helpers/redis.js';

export interface ClusterResult {
  sameNode: { fps: number; latency: ReturnType<typeof summarize> };
  crossNode: { fps: number; latency: ReturnType<typeof summarize> };
  framesIn: number;
  publishes: number;
  redisBytesInPerFrame: number;
  redisBytesOutPerFrame: number;
}

function redisInfo(port: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const s = createConnection(port, '127.0.0.1', () => s.write('INFO all\r\n'));
    let text = '';
    s.on('data', (d) => {
      text += d;
      if (/\r\n\r\n$|cmdstat_[\s\S]*\r\n$/.test(text) && text.includes('# Keyspace')) s.end();
    });
    s.on('end', () =>
      resolve(
        new Map(
          text
            .split('\r\n')
            .filter((l) => l.includes(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as [string, string]),
        ),
      ),
    );
    s.on('error', reject);
  });
}

const publishCalls = (info: Map<string, string>) => Number(info.get('cmdstat_publish')?.match(/calls=(\d+)/)?.[1] ?? 0);

export async function runCluster(measureMs: number): Promise<ClusterResult | null> {
  if (!existsSync('/usr/bin/redis-server')) return null;
  const redis = await startRedis();
  const redisPort = redis.port;
  const { spawn, killAll } = procGroup();
  type Report = { tallies: Array<{ frames: number; latencies: number[] }> };
  try {
    const start = async () => (await spawn('server-proc.ts', []).ask<{ port: number }>('start', { system: 'camrelay', redisUrl: redis.url })).port;
    const [portA, portB] = [await start(), await start()];
    const viewers = [portA, portB].map((port) => spawn('viewer-proc.ts', ['camrelay', port, 5, 'websocket', 0]));
    await Promise.all(viewers.map((v) => v.ready));
    const publisher = spawn('publisher-proc.ts', ['camrelay', portA, 1, 30]);
    await publisher.ready;
    await publisher.ask('start');
    // The camera list reaches B, B subscribes, frames flow to every viewer on both nodes.
    const everyViewerHasFrames = async () =>
      (await Promise.all(viewers.map((v) => v.ask<Report>('report')))).every((r) => r.tallies.every((t) => t.frames > 0));
    await until(everyViewerHasFrames, 'frames at the viewers of both nodes');
    await Promise.all(viewers.map((v) => v.ask('reset')));
    const before = await redisInfo(redisPort);
    const seqBefore = (await publisher.ask<{ seqs: number[] }>('seq')).seqs[0]!;
    await sleep(measureMs);
    const seqAfter = (await publisher.ask<{ seqs: number[] }>('seq')).seqs[0]!;
    const after = await redisInfo(redisPort);
    const [a, b] = (await Promise.all(viewers.map((v) => v.ask<Report>('report')))) as [Report, Report];
    const leg = (r: Report) => ({
      fps: r.tallies.reduce((s, t) => s + t.frames, 0) / r.tallies.length / (measureMs / 1000),
      latency: summarize(r.tallies.flatMap((t) => t.latencies)),
    });
    const framesIn = seqAfter - seqBefore;
    const delta = (k: string) => Number(after.get(k)) - Number(before.get(k));
    await publisher.ask('stop');
    return {
      sameNode: leg(a),
      crossNode: leg(b),
      framesIn,
      publishes: publishCalls(after) - publishCalls(before),
      redisBytesInPerFrame: delta('total_net_input_bytes') / Math.max(1, framesIn),
      redisBytesOutPerFrame: delta('total_net_output_bytes') / Math.max(1, framesIn),
    };
  } finally {
    await killAll();
    await redis.stop();
  }
}
