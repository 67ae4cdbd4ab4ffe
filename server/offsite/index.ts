/**
 * `offsite`: each motion event's snapshot and clip copied to the user's own rclone remote
 * (docs/offsite.md), so the evidence outlives the relay's disk. It hears recording's event ends,
 * queues them in the data folder, and copies one (or two) at a time: nothing on the frame path,
 * and a remote that is down costs a bounded queue and a retry now and then. Off unless `offsite` is set.
 */
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { recorderFfmpeg } from '../recording/ffmpeg-path.js';
import type { EventRecord } from '../events/event-record.js';
import type { Attached, Module } from '../modules/module.js';
import { copyEvent } from './copy-event.js';
import { CopyQueue } from './copy-queue.js';
import { offsiteMetrics } from './metrics.js';
import { offsiteOverview, offsiteRoute } from './overview.js';
import { requireAdmin } from '../auth/http.js';
import { QueueStore } from './queue-store.js';
import { rcloneCopy, rcloneProblem } from './rclone.js';
import { offsiteSettings, type OffsiteSettings } from './settings.js';
import { StartSnapshots } from './start-snapshot.js';

/** A file's size, Infinity when it cannot be read (so it never fits a cap). */
const sizeOf = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? Infinity;

export interface OffsiteAttached extends Attached {
  /** The copy queue, null while the module is off. */
  queue: CopyQueue | null;
}

declare module '../modules/module.js' {
  interface Provided {
    offsite: OffsiteAttached;
  }
}

export const offsite: Module<'offsite', OffsiteSettings> & { settings: typeof offsiteSettings } = {
  name: 'offsite',
  // Events, their pictures and the recordings the clips are cut from are recording's.
  needs: ['recording'],
  settings: offsiteSettings,
  async attach(ctx) {
    const config = ctx.config.offsite;
    // The route answers while off too: the settings page then says how to turn it on.
    let overview = () => offsiteOverview(null, null, null);
    offsiteRoute(ctx.app, [ctx.requireUser, requireAdmin()], () => overview());
    if (!config) return { queue: null, close() {} };
    const log = ctx.log.child({ name: 'camrelay:offsite' });
    const manager = ctx.provided.need('recording').manager;
    const dir = path.resolve(ctx.config.dataDir, 'offsite');
    const problem = await rcloneProblem(config.rclone);
    // One line at start; each event's status says it again until rclone is there.
    if (problem) log.error(`offsite: ${problem} (apt-get install rclone, or set offsite.rclone): events are queued but not copied`);
    if (config.rcloneConfig && !existsSync(config.rcloneConfig))
      log.error(`offsite: the rclone config ${config.rcloneConfig} does not exist (offsite.rcloneConfig)`);
    // Clips a killed relay was cutting or sending: each is cut again when its event's turn comes.
    await rm(path.join(dir, 'tmp'), { recursive: true, force: true });
    const stop = new AbortController();
    // Nodes of a cluster share the data folder (docs/recording.md#cluster-mode): each keeps the queue of its own cameras.
    const name = ctx.provided.get('cluster')?.cluster ? `queue-${hostname()}-${ctx.config.port}.json` : 'queue.json';
    const store = new QueueStore(dir, (message) => log.warn(message), name);
    const queue = new CopyQueue(
      {
        copy: (job, allowance) =>
          copyEvent({ manager, ffmpeg: () => recorderFfmpeg(), config, tmpDir: path.join(dir, 'tmp'), now: Date.now, signal: stop.signal }, job, allowance),
        save: (state) => store.save(state),
        maxWaiting: config.queueEvents,
        parallel: config.parallel,
        capBytes: config.maxMbPerDay * 1024 * 1024,
        onChange: (job) =>
          job.status.state === 'failed' &&
          log.warn({ camera: job.camera, event: job.id, err: job.status.detail, retryAt: job.status.retryAt }, 'offsite copy failed'),
      },
      store.load(),
    );
    const wanted = (camera: string) => !config.cameras || config.cameras.includes(camera);
    const early = new StartSnapshots({
      copy: (from, to) => rcloneCopy(config, from, to, stop.signal),
      remote: config.remote,
      localPath: (record) => manager.files.picturePath(record, 'snapshot'),
      allowed: (local) => !problem && (config.maxMbPerDay === 0 || queue.usedToday + sizeOf(local) <= config.maxMbPerDay * 1024 * 1024),
      failed: (record, err) =>
        log.debug({ camera: record.camera, event: record.id, err }, 'offsite: the snapshot at the event start failed (sent again with the event)'),
    });
    const ended = (record: EventRecord) => {
      if (record.end === null || !wanted(record.camera)) return;
      // The clip needs its post-roll: not tried before it can have been recorded.
      const postRoll = config.what === 'snapshot' || record.cutShort ? 0 : manager.settingsOf(record.camera).postRollSeconds * 1000;
      queue.add(record.camera, record.id, record.start, record.end, record.end + postRoll);
    };
    manager.onEvent((type, record) => {
      if (type === 'start' && config.what !== 'clip' && wanted(record.camera)) early.started(record);
      if (type === 'end') ended(record);
    });
    // Events the relay's death cut short (closed at this start): evidence too, with what was recorded of them.
    for (const record of manager.cutShort) ended(record);
    manager.events.fields.add((e) => {
      const status = queue.status(e.camera, e.id);
      return status ? { offsite: status } : {};
    });
    overview = () => offsiteOverview(config, queue, problem);
    log.info({ remote: config.remote, what: config.what, maxMbPerDay: config.maxMbPerDay }, 'offsite on');
    return {
      queue,
      metrics: (registry) => offsiteMetrics(registry, queue, early),
      config: () => ({
        remote: config.remote,
        what: config.what,
        cameras: config.cameras ?? 'all',
        maxMbPerDay: config.maxMbPerDay,
        bwlimit: config.bwlimit ?? null,
      }),
      async close() {
        queue.close();
        stop.abort();
        await store.flush();
      },
    };
  },
};
