/**
 * A clip of a time range as one MP4: the segments that cover it, joined by ffmpeg's concat demuxer
 * with the first trimmed at `from` and the last at `to` (inpoint/outpoint), copied as they are for
 * H.264 and encoded once for JPEG-keeping segments. Streamed as fragmented MP4: no temporary file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Response } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { planHeaders, type ExportPlan } from './export-plan.js';
import type { ExportSlots } from './export-slots.js';
import type { SegmentFiles, SegmentRecord } from './segment-files.js';

/** The concat demuxer's script for `segments` (sorted) trimmed to [from, to). */
export function concatScript(files: SegmentFiles, segments: readonly SegmentRecord[], from: number, to: number): string {
  const lines = ['ffconcat version 1.0'];
  for (const s of segments) {
    lines.push(`file '${files.mediaPath(s).replace(/'/g, "'\\''")}'`);
    if (from > s.start) lines.push(`inpoint ${((from - s.start) / 1000).toFixed(3)}`);
    if (to < s.end) lines.push(`outpoint ${((to - s.start) / 1000).toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

/** The ffmpeg arguments: the script on stdin, the clip on stdout. */
export function exportArgs(copy: boolean): string[] {
  // A copy keeps every stream the segments have (their AAC track too); an encode of JPEG segments has no sound.
  const codec = copy
    ? ['-map', '0:v', '-map', '0:a?', '-c', 'copy']
    : ['-an', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-vsync', '0', '-enc_time_base', '-1'];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'concat',
    '-safe',
    '0',
    '-protocol_whitelist',
    'file,pipe',
    '-i',
    'pipe:0',
    ...codec,
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-f',
    'mp4',
    'pipe:1',
  ];
}

export interface ClipRequest {
  ffmpegPath: string;
  files: SegmentFiles;
  /** The segments that cover the plan's range, sorted. */
  segments: SegmentRecord[];
  plan: ExportPlan;
  slots: ExportSlots;
  /** Who asks: one export each. */
  user: string;
  /** Hears of the ffmpeg started for the clip (tests check it is gone). */
  onSpawn?: (pid: number | undefined) => void;
}

/** Streams the clip to `res`; refuses with a CamrelayError before anything is sent. */
export function sendClip(res: Response, c: ClipRequest): void {
  const { segments, plan } = c;
  if (segments.length === 0) throw new CamrelayError('NO_RECORDING', 'No recording of this camera covers that time.');
  const formats = new Set(segments.map((s) => s.format));
  if (formats.size > 1) throw new CamrelayError('EXPORT_FAILED', 'The range holds segments of two formats (h264 and jpeg): export the parts separately.');
  let child: ChildProcessWithoutNullStreams | null = null;
  const taken = c.slots.take(c.user, () => {
    // SIGKILL: a stalled ffmpeg blocked on a full pipe would not act on a gentler signal soon. On
    // Windows kill() terminates the process itself, which is ffmpeg (spawned with no shell).
    child?.kill('SIGKILL');
    // A paused stdout holding data never ends, and without its end the child's 'close' never comes.
    child?.stdout.destroy();
    res.destroy();
  });
  if (!taken.ok) throw taken.error;
  const slot = taken.value;
  child = spawn(c.ffmpegPath, exportArgs(segments[0]!.format === 'h264'), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  c.onSpawn?.(child.pid);
  let stderr = '';
  let started = false;
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-1000)));
  child.stdin.on('error', () => {});
  child.stdin.end(concatScript(c.files, segments, plan.from, plan.to));
  const out = child.stdout;
  // Not pipe(): the response's back-pressure is what the drain deadline watches.
  const write = (chunk: Buffer) => {
    if (res.write(chunk)) return;
    out.pause();
    slot.stalled();
    res.once('drain', () => {
      slot.drained();
      out.resume();
    });
  };
  // Headers only once ffmpeg has made something: a clip that fails before its first byte is an error answer.
  out.on('data', (chunk: Buffer) => {
    if (!started) {
      started = true;
      res.setHeader('Content-Type', 'video/mp4');
      res.setHeader('Cache-Control', 'no-store');
      for (const [k, v] of Object.entries(planHeaders(plan))) res.setHeader(k, v);
    }
    write(chunk);
  });
  out.once('end', () => started && res.end());
  // The viewer went away: the encoder stops with it.
  res.once('close', () => {
    if (!res.writableFinished) slot.end('gone');
  });
  child.once('error', () => undefined);
  child.once('close', (code) => {
    slot.release(code === 0 && started ? 'done' : 'failed');
    if (!started && !res.headersSent && !res.destroyed) {
      const error = new CamrelayError('EXPORT_FAILED', `ffmpeg could not make the clip: ${stderr.trim().split('\n').at(-1) ?? code}`);
      res.status(error.status).json(error.toJSON());
    }
  });
}
