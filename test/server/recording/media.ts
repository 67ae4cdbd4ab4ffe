/**
 * Frames that carry their sequence number (16 black or white blocks across the top, robust to
 * H.264), and reading recordings back with the real ffmpeg: packet times and decoded numbers.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { recorderFfmpeg } from '../../../server/recording/ffmpeg-path.js';
import type { SegmentRecord } from '../../../server/recording/segment-files.js';
import { ffmpegRun } from '../../helpers/h264.js';

export const W = 320;
export const H = 180;
const BITS = 16;
const BLOCK = W / BITS;

/** A W×H JPEG whose top 40 rows spell `seq` in binary, most significant bit first. */
export function seqJpeg(seq: number): Promise<Buffer> {
  const px = Buffer.alloc(W * H * 3, 90);
  for (let y = 0; y < 40; y++)
    for (let x = 0; x < W; x++) {
      const on = (seq >> (BITS - 1 - Math.floor(x / BLOCK))) & 1;
      px.fill(on ? 255 : 0, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  return sharp(px, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** The presentation times (ms) of every packet of a media file, by ffmpeg's framecrc (no ffprobe ships). */
export async function packetTimes(file: string): Promise<number[]> {
  const { code, out, err } = await ffmpegRun(['-hide_banner', '-loglevel', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'framecrc', '-']);
  if (code !== 0) throw new Error(`ffmpeg could not read ${file}: ${err}`);
  const text = out.toString();
  const tb = /#tb 0: (\d+)\/(\d+)/.exec(text);
  const [num, den] = tb ? [Number(tb[1]), Number(tb[2])] : [1, 1000];
  return text
    .split('\n')
    .filter((l) => /^0,/.test(l))
    .map((l) => (Number(l.split(',')[2]) * num * 1000) / den)
    .sort((a, b) => a - b);
}

/** The sequence numbers of every frame of a media file, decoded. */
export async function decodedSeqs(file: string): Promise<number[]> {
  const { code, out, err } = await ffmpegRun([
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    file,
    '-vsync',
    '0',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-s',
    `${W}x${H}`,
    '-',
  ]);
  if (code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${err}`);
  const seqs: number[] = [];
  for (let at = 0; at + W * H <= out.length; at += W * H) {
    let seq = 0;
    for (let b = 0; b < BITS; b++) seq = (seq << 1) | (out[at + 20 * W + Math.round((b + 0.5) * BLOCK)]! > 128 ? 1 : 0);
    seqs.push(seq);
  }
  return seqs;
}

/** 4 s of 640×360 noise at 25 fps, lossless H.264 in fragmented MP4: about 40 MB, far more than the kernel buffers of a socket that is never read. */
export function makeNoiseMedia(file: string): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:s=640x360:r=25,noise=alls=100:allf=t+u,format=yuv420p'];
  args.push('-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-g', '50', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', file);
  const child = spawn(recorderFfmpeg(), args, { stdio: 'ignore' });
  return new Promise((resolve, reject) => child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`)))));
}

/** The record of a closed segment holding makeNoiseMedia's 4 s (100 frames of 640×360), from `start`. */
export function noiseRecord(camera: string, start: number, endReason: SegmentRecord['endReason'] = 'rotate'): SegmentRecord {
  return { id: String(start), camera, start, end: start + 4000, frames: 100, bytes: 0, format: 'h264', width: 640, height: 360, state: 'closed', endReason };
}

/** The span (ms, first packet's start to last packet's end) and packet count of a file's video or audio stream; null when it has none. */
export async function streamSpan(file: string, kind: 'v' | 'a'): Promise<{ ms: number; packets: number; codec: string; playedMs: number } | null> {
  const { code, out, err } = await ffmpegRun(['-hide_banner', '-i', file, '-map', `0:${kind}?`, '-c', 'copy', '-f', 'framecrc', '-']);
  if (code !== 0) throw new Error(`ffmpeg could not read ${file}: ${err}`);
  const text = out.toString();
  const tb = /#tb 0: (\d+)\/(\d+)/.exec(text);
  if (!tb) return null;
  const ms = (n: number) => (n * Number(tb[1]) * 1000) / Number(tb[2]);
  const rows = text
    .split('\n')
    .filter((l) => /^0,/.test(l))
    .map((l) => l.split(',').map((f) => Number(f.trim())));
  const odd = rows.findIndex((r) => r.slice(1, 5).some((f) => !Number.isFinite(f)));
  if (odd >= 0)
    throw new Error(`${file}'s ${kind === 'v' ? 'picture' : 'sound'} has a packet with no time: ${text.split('\n').filter((l) => /^0,/.test(l))[odd]}`);
  const starts = rows.map((r) => r[2]!);
  const ends = rows.map((r) => r[2]! + r[3]!);
  const codec = new RegExp(`Stream #0:\\d.*: ${kind === 'v' ? 'Video' : 'Audio'}: (\\w+)`).exec(err)?.[1] ?? '';
  // What the packets last together, gaps left out (a page that stalled sends its sound on with its true times): each
  // packet lasts until the next, a gap over five times the usual interval counting as one interval.
  const sorted = [...starts].sort((a, b) => a - b);
  const steps = sorted.slice(1).map((t, i) => t - sorted[i]!);
  const usual = [...steps].sort((a, b) => a - b)[steps.length >> 1] ?? 0;
  const playedMs = ms(steps.reduce((n, d) => n + (d > 5 * usual ? usual : d), usual));
  return { ms: ms(Math.max(...ends) - Math.min(...starts)), packets: rows.length, codec, playedMs };
}

/** A recorded segment fetched at its `url` as an admin would, saved to `file`, and its picture's and sound's spans and codecs. */
export async function segmentTracks(
  server: { url: string; adminAuth: Record<string, string> },
  url: string,
  file: string,
): Promise<{ video: { ms: number; packets: number; codec: string }; audio: { ms: number; packets: number; codec: string; playedMs: number } }> {
  const res = await fetch(`${server.url}${url}`, { headers: server.adminAuth });
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const [video, audio] = [await streamSpan(file, 'v'), await streamSpan(file, 'a')];
  if (!video || !audio) throw new Error(`${url} lacks ${video ? 'a sound' : 'a picture'} track`);
  return { video, audio };
}
