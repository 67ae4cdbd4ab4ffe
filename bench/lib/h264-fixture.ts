/**
 * The bench fixtures as a camera side's H.264 (#28): the 720p JPEGs encoded once by libx264 to Annex B with
 * one 2 s GOP (AUDs in, SPS/PPS at the IDR, no B-frames), cut into access units by the capture client's own
 * splitter. Cached in .cache/bench/ so each publisher process of a run reads it rather than encoding again;
 * replayed in a loop, the stream starts over at its IDR every 2 s.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { AnnexBSplitter, type AccessUnit } from '../../capture-client/edge/annexb-splitter.js';
import { targetBitrate } from '../../capture-client/edge/h264-args.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { loadFixtures } from './fixtures.js';

const CACHE = path.resolve(import.meta.dirname, '..', '..', '.cache', 'bench');
/** The capture client's rung quality (capture-client/rung-makers.ts). */
const RUNG_QUALITY = 75;

/** ffmpeg's libx264 of the fixtures, looped to `gopSeconds` at `fps`: exactly one GOP, so a replay loops at a keyframe. */
function encode(jpegs: Buffer[], fps: number, gopSeconds: number): Promise<Buffer> {
  const gop = fps * gopSeconds;
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', String(fps), '-i', 'pipe:0'];
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-bf', '0');
  // The capture client's rate cap for libx264 (capture-client/edge/h264-args.ts), so the uplink carries what it would.
  const rate = targetBitrate({ encoder: 'libx264', fps, width: 1280, height: 720 });
  args.push('-maxrate', String(Math.round(rate * 1.5)), '-bufsize', String(rate));
  args.push('-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-x264-params', 'repeat-headers=1');
  args.push('-bsf:v', 'h264_metadata=aud=insert', '-f', 'h264', 'pipe:1');
  return new Promise((resolve, reject) => {
    const ff = spawn(recorderFfmpeg(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    ff.stdout.on('data', (d: Buffer) => out.push(d));
    ff.stderr.on('data', (d: Buffer) => (err += d.toString()));
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`bench: ffmpeg encoding the H.264 fixture exited ${code}: ${err}`))));
    for (let i = 0; i < gop; i++) ff.stdin.write(jpegs[i % jpegs.length]);
    ff.stdin.end();
  });
}

// One per process: a publisher's cameras share their units and rungs.
const made = new Map<string, Promise<AccessUnit[]>>();
const rungsMade = new Map<number, Promise<{ jpegs: Buffer[]; height: number }>>();

/** The fixtures' access units at `fps` (one GOP of `gopSeconds`), from the cache when made before. */
export function h264Fixture(fps: number, gopSeconds = 2): Promise<AccessUnit[]> {
  const key = `${fps}/${gopSeconds}`;
  if (!made.has(key)) made.set(key, makeH264Fixture(fps, gopSeconds));
  return made.get(key)!;
}

async function makeH264Fixture(fps: number, gopSeconds: number): Promise<AccessUnit[]> {
  const jpegs = await loadFixtures();
  const bytes = jpegs.reduce((a, j) => a + j.length, 0);
  const file = path.join(CACHE, `fixtures-${bytes}-${fps}fps-gop${gopSeconds}s.h264`);
  let stream: Buffer | null = await readFile(file).catch(() => null);
  if (!stream) {
    stream = await encode(jpegs, fps, gopSeconds);
    await mkdir(CACHE, { recursive: true });
    // Publisher processes start together: each writes its own temp file, the rename makes one whole file win.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, stream);
    await rename(tmp, file);
  }
  const units: AccessUnit[] = [];
  const splitter = new AnnexBSplitter();
  splitter.push(stream, (au) => units.push(au));
  splitter.end((au) => units.push(au));
  if (!units[0]?.keyframe) throw new Error('bench: the H.264 fixture does not start with a keyframe');
  return units;
}

/** The fixtures resized to `width` (aspect kept), as the capture client's rung maker sends them. */
export function rungFixtures(width: number): Promise<{ jpegs: Buffer[]; height: number }> {
  if (!rungsMade.has(width)) rungsMade.set(width, makeRungs(width));
  return rungsMade.get(width)!;
}

async function makeRungs(width: number): Promise<{ jpegs: Buffer[]; height: number }> {
  const jpegs = await Promise.all((await loadFixtures()).map((j) => sharp(j).resize({ width }).jpeg({ quality: RUNG_QUALITY }).toBuffer()));
  const { height = 0 } = await sharp(jpegs[0]).metadata();
  return { jpegs, height };
}
