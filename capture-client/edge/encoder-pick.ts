/**
 * Which H.264 encoder this PC's ffmpeg really has: listed by `-encoders` is not enough, as the bundled Windows
 * build lists h264_nvenc, h264_qsv and h264_amf on every PC, and each opens only with its vendor's GPU and driver.
 */
import { spawn } from 'node:child_process';
import { resolveFfmpegPath } from '../sources/ffmpeg-binary.js';

/**
 * Hardware first, in the order a PC most likely has a working one. Left out on purpose: h264_vaapi needs a
 * render node and an hwupload filter chain (a plain `-c:v h264_vaapi` open test fails even where VAAPI works),
 * h264_v4l2m2m and h264_omx are board-specific, and h264_mf (Media Foundation) falls back to a slow software
 * MFT on PCs without a GPU encoder, which would beat libx264 in the pick and lose to it in quality per CPU.
 */
export const HARDWARE_H264 = ['h264_nvenc', 'h264_qsv', 'h264_amf', 'h264_videotoolbox'] as const;
export const SOFTWARE_H264 = 'libx264';

export interface EncoderPick {
  /** The encoder to use, or null: this ffmpeg has no H.264 encoder, so the client offers no h264. */
  encoder: string | null;
  hardware: boolean;
  /** Hardware encoders listed but not opened, with ffmpeg's last error line for each. */
  failed: { encoder: string; error: string }[];
}

export interface EncoderPickOptions {
  /** --ffmpeg-path; default: beside the program, else @ffmpeg-installer. */
  ffmpegPath?: string;
  /** A one-frame open test that hangs (a wedged driver) counts as failed after this long; default 10 s. */
  openTimeoutMs?: number;
}

/** The video encoders' names in `ffmpeg -encoders` output: rows like ` V..... libx264   libx264 H.264 …`. */
export function parseEncoders(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const row = /^ V[.A-Z]{5} (\S+)\s/.exec(line);
    // The legend rows (" V..... = Video") name no encoder.
    if (row && row[1] !== '=') names.add(row[1]!);
  }
  return names;
}

/** One ffmpeg run: its exit code and the tail of its output (stdout for -encoders, stderr for errors). */
function run(path: string, args: string[], timeoutMs: number): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(path, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    // -encoders prints ~30 kB; anything far past that is not ffmpeg.
    child.stdout.on('data', (d: Buffer) => out.length < 1 << 20 && (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4096)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, out, err: e.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** ffmpeg's arguments that encode one small frame with `encoder` and throw it away: exit 0 means it opens here. */
export function openTestArgs(encoder: string): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-f',
    'lavfi',
    '-i',
    'color=size=320x240:rate=1',
    '-frames:v',
    '1',
    '-c:v',
    encoder,
    '-f',
    'null',
    '-',
  ];
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.at(-1)?.trim() ?? 'no output';
}

/** Lists this ffmpeg's encoders, then open-tests each listed hardware one in order: the first that opens wins, else libx264. */
export async function pickEncoderUncached(opts: EncoderPickOptions = {}): Promise<EncoderPick> {
  const path = resolveFfmpegPath(opts.ffmpegPath);
  const timeout = opts.openTimeoutMs ?? 10_000;
  const listing = await run(path, ['-hide_banner', '-encoders'], timeout);
  const listed = parseEncoders(listing.out);
  const failed: EncoderPick['failed'] = [];
  for (const encoder of HARDWARE_H264) {
    if (!listed.has(encoder)) continue;
    const test = await run(path, openTestArgs(encoder), timeout);
    if (test.code === 0) return { encoder, hardware: true, failed };
    failed.push({ encoder, error: lastLine(test.err) });
  }
  return { encoder: listed.has(SOFTWARE_H264) ? SOFTWARE_H264 : null, hardware: false, failed };
}

// One pick per ffmpeg for the life of the process: open tests cost a second or more with a GPU driver loading.
const picks = new Map<string, Promise<EncoderPick>>();

/** The pick for this ffmpeg, made once per process and shared by the status line, --list-devices and the encoder. */
export function pickEncoder(opts: EncoderPickOptions = {}): Promise<EncoderPick> {
  const key = resolveFfmpegPath(opts.ffmpegPath);
  let pick = picks.get(key);
  if (!pick) {
    pick = pickEncoderUncached(opts);
    picks.set(key, pick);
  }
  return pick;
}

/** How the status line and --list-devices name the pick: "H.264: h264_qsv", or why it is libx264 or none. */
export function describePick(pick: EncoderPick): string {
  if (pick.encoder === null) return 'H.264: none (this ffmpeg has no H.264 encoder)';
  if (pick.hardware) return `H.264: ${pick.encoder}`;
  return pick.failed.length > 0 ? `H.264: ${pick.encoder} (no hardware encoder opened)` : `H.264: ${pick.encoder} (no hardware encoder listed)`;
}
