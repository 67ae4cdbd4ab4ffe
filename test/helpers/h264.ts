/**
 * Real H.264 access units as a capture client sends them: libx264 on ffmpeg's test pattern (Annex B,
 * SPS and PPS repeated at each keyframe, no B-frames), split into access units.
 */
import { spawn } from 'node:child_process';
import { isKeyNal, nalTypeOf, nalUnits } from '../../common/codec/annexb.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';

/** Runs the recorder's ffmpeg with `args`: its exit code, its stdout and its stderr. */
export function ffmpegRun(args: string[]): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(recorderFfmpeg(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out: Buffer.concat(chunks), err }));
  });
}

/** What ffmpeg writes to stdout for `args`, or its error lines when it fails. */
export async function ffmpegOutput(args: string[]): Promise<Buffer> {
  const { code, out, err } = await ffmpegRun(args);
  if (code !== 0) throw new Error(`ffmpeg made no output: ${err}`);
  return out;
}

export interface AccessUnit {
  au: Buffer;
  keyframe: boolean;
}

const START = Buffer.from([0, 0, 0, 1]);
const isSlice = (t: number) => t === 1 || t === 5;

/** Splits an Annex B stream into access units: one starts at a delimiter, or at an SPS or slice after the last one's slice. */
export function splitAccessUnits(stream: Buffer): AccessUnit[] {
  const units: AccessUnit[] = [];
  let parts: Uint8Array[] = [];
  let sliced = false;
  const flush = () => {
    if (parts.length === 0) return;
    units.push({ au: Buffer.concat(parts.flatMap((p) => [START, p])), keyframe: parts.some((p) => isKeyNal(nalTypeOf(p))) });
    parts = [];
    sliced = false;
  };
  for (const nal of nalUnits(stream, Infinity)) {
    const t = nalTypeOf(nal);
    if (t === 9 || (sliced && (t === 7 || t === 8 || isSlice(t)))) flush();
    parts.push(nal);
    if (isSlice(t)) sliced = true;
  }
  flush();
  return units;
}

/** `frames` access units of a `width`×`height` test pattern, a keyframe every `gop` frames, their SPS stating `rate` fps. */
export async function h264AccessUnits(frames: number, width = 320, height = 180, gop = 30, rate = 15): Promise<AccessUnit[]> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${rate}`, '-frames:v', String(frames)];
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    String(gop),
    '-bf',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-x264-params',
    'repeat-headers=1',
    '-f',
    'h264',
    '-',
  );
  const out = await ffmpegOutput(args);
  return splitAccessUnits(out);
}
