/**
 * One try at copying an event off-site: its snapshot as it lies beside the recordings, its clip cut
 * to a temp file in the data folder, both measured against today's allowance, then each handed to
 * rclone to `<remote>/<camera>/<YYYY-MM-DD>/<eventId>.jpg|.mp4` (the event's UTC day, as recordings).
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingManager } from '../recording/recording-manager.js';
import { dayOf } from '../recording/segment-files.js';
import type { CopyJob, CopyOutcome } from './copy-queue.js';
import { cutClip } from './event-clip.js';
import { rcloneCopy, remotePath, type CopyResult } from './rclone.js';
import type { OffsiteConfig } from './settings.js';

export interface CopyEventDeps {
  manager: RecordingManager;
  /** ffmpeg's path (throws when there is none: the clip is then skipped with the reason). */
  ffmpeg(): string;
  config: OffsiteConfig;
  /** Where clips are cut before they go (in the data folder, on the recordings' disk). */
  tmpDir: string;
  now(): number;
  /** Ends rclone when the relay stops. */
  signal?: AbortSignal;
  /** Tests: the copier (rclone by default). */
  copy?: (from: string, to: string) => Promise<CopyResult>;
}

export async function copyEvent(d: CopyEventDeps, job: CopyJob, allowance: number): Promise<CopyOutcome> {
  const event = await d.manager.index.event(job.camera, job.id);
  if (!event) return { kind: 'failed', error: 'the event was deleted (retention) before it was copied', final: true };
  const base = `${job.camera}/${dayOf(event.start)}/${event.id}`;
  const files: { local: string; remote: string }[] = [];
  if (d.config.what !== 'clip' && event.pictures) files.push({ local: d.manager.files.picturePath(event, 'snapshot'), remote: `${base}.jpg` });
  const clip = path.join(d.tmpDir, `${job.camera}-${event.id}.mp4`);
  try {
    if (d.config.what !== 'snapshot') {
      await mkdir(d.tmpDir, { recursive: true });
      let ffmpeg: string;
      try {
        ffmpeg = d.ffmpeg();
      } catch (err) {
        return { kind: 'failed', error: (err as Error).message };
      }
      const cut = await cutClip(d.manager, ffmpeg, event, clip, d.now());
      if (cut.kind === 'wait') return { kind: 'wait', ms: cut.ms, why: 'waiting for the post-roll to be recorded' };
      if (cut.kind === 'failed') return { kind: 'failed', error: cut.error };
      if (cut.kind === 'cut') files.push({ local: clip, remote: `${base}.mp4` });
    }
    if (files.length === 0) return { kind: 'failed', error: 'nothing to copy: the event has no snapshot and no recording', final: true };
    let bytes = 0;
    for (const f of files) bytes += (await stat(f.local)).size;
    if (bytes > allowance) return { kind: 'over', bytes };
    const copy = d.copy ?? ((from: string, to: string) => rcloneCopy(d.config, from, to, d.signal));
    for (const f of files) {
      const done = await copy(f.local, remotePath(d.config.remote, f.remote));
      if (!done.ok) return { kind: 'failed', error: done.error };
    }
    return { kind: 'copied', bytes };
  } catch (err) {
    return { kind: 'failed', error: (err as Error).message };
  } finally {
    await rm(clip, { force: true });
  }
}
