/**
 * A relay copying off-site for real (rclone to a real WebDAV server) with two motion events of a camera recorded for
 * real: the first copied while the server is up, the second failed once it is down. Motion comes from the relay's own
 * signal hook, so the events' times are exact. For the pages that show the copies (the events page, Settings → Off-site).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventList } from '../../shared/events.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { postFrame } from '../e2e/playback-scene.js';
import { seqJpeg } from '../server/recording/media.js';
import { startTestServer, stopTestServer, type TestServer } from './server.js';
import { waitFor } from './wait.js';
import { RCLONE, startWebdav, type WebdavServer } from './webdav.js';

export interface OffsiteScene {
  dav: WebdavServer;
  server: TestServer;
  /** The rclone.conf the relay reads. */
  conf: string;
  /** The two events' starts: copied, then failed. */
  starts: [number, number];
  close(): Promise<void>;
}

/** `maxMbPerDay`: the daily cap the relay is given (0: none). */
export async function startOffsiteScene(maxMbPerDay = 0): Promise<OffsiteScene> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-offsite-scene-'));
  const dav = await startWebdav();
  const conf = path.join(tmp, 'rclone.conf');
  writeFileSync(conf, dav.rcloneConf('evidence'));
  const server = await startTestServer({
    offlineAfterMs: 1500,
    recording: {
      ...RECORDING_DEFAULTS,
      cameras: { door: { mode: 'continuous', preRollSeconds: 0, postRollSeconds: 0, motion: { enabled: false } } },
    },
    offsite: { remote: 'evidence:camrelay', rcloneConfig: conf, rclone: RCLONE, what: 'both', maxMbPerDay, queueEvents: 500, parallel: 1 },
  });
  const statusOf = async (start: number) => {
    const res = await fetch(`${server.url}/api/events?from=${start - 60_000}&to=${start + 60_000}`, { headers: server.adminAuth });
    return ((await res.json()) as EventList).events.find((e) => e.start === start)?.offsite?.state;
  };
  // 4 s of a recorded camera, then it goes quiet (its segment closes: the clips need no post-roll wait).
  const starts: number[] = [];
  const jpegs = await Promise.all(Array.from({ length: 8 }, (_, i) => seqJpeg(i + 1)));
  for (let i = 0; i < 40; i++) {
    const at = Date.now();
    if (i === 10 || i === 25) starts.push(at);
    await postFrame(server, 'door', i + 1, at, jpegs[i % jpegs.length]!);
    await waitFor(() => Date.now() >= at + 100, 'the next frame due');
  }
  const [copied, failed] = starts as [number, number];
  server.recording.motion('door', { type: 'start', at: copied, score: 4.2 });
  server.recording.motion('door', { type: 'end', at: copied + 1000 });
  await waitFor(async () => (await statusOf(copied)) === 'copied', 'the first event copied', 60_000, 200);
  await dav.stop();
  server.recording.motion('door', { type: 'start', at: failed, score: 9.6 });
  server.recording.motion('door', { type: 'end', at: failed + 1000 });
  await waitFor(async () => (await statusOf(failed)) === 'failed', 'the second event failed', 60_000, 200);
  return {
    dav,
    server,
    conf,
    starts: [copied, failed],
    async close() {
      await stopTestServer(server);
      await dav.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
