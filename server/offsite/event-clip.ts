/**
 * An event's clip, pre-roll to post-roll, cut into a file by the export's own ffmpeg arguments
 * (export.ts: the segments joined by the concat demuxer, copied as they are for H.264) once the
 * recording reaches the end of the post-roll, or the camera's segment has closed.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { concatScript, exportArgs } from '../recording/export.js';
import { planExport } from '../recording/export-plan.js';
import type { RecordingManager } from '../recording/recording-manager.js';
import type { EventRecord, SegmentRecord } from '../recording/segment-files.js';

/** How long past the post-roll's end the recording may lag (a fragment is written at each keyframe) before what is there is taken. */
export const POST_ROLL_GRACE_MS = 60_000;

export type ClipOutcome = { kind: 'cut'; from: number; to: number } | { kind: 'none' } | { kind: 'wait'; ms: number } | { kind: 'failed'; error: string };

/** The range the clip covers: the camera's pre-roll before the start to its post-roll after the end. */
export function clipRange(manager: RecordingManager, e: EventRecord): { from: number; to: number } {
  const s = manager.settingsOf(e.camera);
  return { from: e.start - s.preRollSeconds * 1000, to: (e.end ?? e.start) + s.postRollSeconds * 1000 };
}

/** The segments over [from, to), the one being written as far as its file holds, of one format (the start's). */
async function segmentsOf(
  manager: RecordingManager,
  camera: string,
  from: number,
  to: number,
): Promise<{ segments: SegmentRecord[]; open: SegmentRecord | null }> {
  const { segments: indexed } = await manager.index.range(camera, from, to);
  const open = await manager.openSegment(camera);
  const segments = indexed
    .map((s) => (open && s.id === open.id && s.state === 'open' ? { ...s, end: open.end, frames: open.frames } : s))
    .filter((s) => s.end > from && s.start < to)
    .sort((a, b) => a.start - b.start);
  const format = segments[0]?.format;
  return { segments: segments.filter((s) => s.format === format), open };
}

/** Cuts the event's clip into `file`; `wait` while the post-roll is still being recorded. */
export async function cutClip(manager: RecordingManager, ffmpeg: string, e: EventRecord, file: string, now: number): Promise<ClipOutcome> {
  const { from, to } = clipRange(manager, e);
  const { segments, open } = await segmentsOf(manager, e.camera, from, to);
  const plan = planExport(e.camera, segments, from, to, now);
  const recording = open !== null && open.start < to;
  if (recording && (plan?.recordedTo ?? 0) < to && now < to + POST_ROLL_GRACE_MS) return { kind: 'wait', ms: 3000 };
  if (!plan) return { kind: 'none' };
  const child = spawn(ffmpeg, exportArgs(segments[0]!.format === 'h264'), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-1000)));
  child.stdin.on('error', () => {});
  child.stdin.end(concatScript(manager.files, segments, plan.from, plan.to));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  try {
    await pipeline(child.stdout, createWriteStream(file));
  } catch (err) {
    child.kill('SIGKILL');
    return { kind: 'failed', error: `the clip could not be written: ${(err as Error).message}` };
  }
  const code = await exited;
  if (code !== 0) return { kind: 'failed', error: `ffmpeg could not cut the clip: ${stderr.trim().split('\n').at(-1) ?? code}` };
  return { kind: 'cut', from: plan.recordedFrom, to: plan.recordedTo };
}
