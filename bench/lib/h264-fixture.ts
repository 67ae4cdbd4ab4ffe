/**
 * The bench fixtures as a camera side's H.264 (#28, #30): the 720p JPEGs encoded once by libx264 to Annex B with the
 * capture program's own encoder arguments (capture-client/edge/h264-args.ts `encoderArgs`: superfast, zerolatency,
 * ~0.1 bit per pixel with maxrate 1.5× and a buffer of 1 s), AUDs in, SPS/PPS at each IDR, no B-frames, cut into
 * access units by the capture client's own splitter: at full size, and scaled to each rung width a relay demands
 * (`h264Widths`) as the capture program's rung encoders scale (edge-h264.ts `edgeSize`). Cached in .cache/bench/ so
 * each publisher process of a run reads them rather than encoding again; replayed in a loop, each starts over at its
 * IDR once per GOP.
 *
 * The rate: until #30's rung work the full-size fixture was `veryfast` with the same maxrate and buffer, but encoded
 * as one GOP from a cold start, whose rate control may spend the buffer the encoder starts with (1 s of rate) within
 * that GOP; looped, it came to 2.47 Mbit/s at 720p15, over the cap's 2.07. So it did not match what the capture
 * program sends for long. Now a few GOPs are encoded and the last one kept, whose buffer is as drained as a camera's
 * that has run for a while, so the loop keeps to the cap as the capture program's stream does.
 *
 * The GOP: rungs take the capture program's (`gopFrames`: 1 s); the full-size stream keeps 2 s, the longest a relay's
 * demand allows and the GOP #30's first-picture row is set for (the capture program's own is 1 s).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { AnnexBSplitter, type AccessUnit } from '../../capture-client/edge/annexb-splitter.js';
import { edgeSize } from '../../capture-client/edge/edge-h264.js';
import { encoderArgs, gopFrames } from '../../capture-client/edge/h264-args.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { loadFixtures } from './fixtures.js';

const CACHE = path.resolve(import.meta.dirname, '..', '..', '.cache', 'bench');
/** The capture client's rung quality (capture-client/rung-makers.ts). */
const RUNG_QUALITY = 75;
/** The fixtures' size. */
export const FIXTURE_SIZE = { width: 1280, height: 720 };
/** GOPs encoded before the one kept: enough for the rate control's buffer to settle. */
const WARM_GOPS = 3;

/** One stream of the fixtures: its size, its frame rate and its GOP in frames. */
export interface FixtureSpec {
  width: number;
  height: number;
  fps: number;
  gop: number;
}

/** ffmpeg's libx264 of the fixtures, looped over `WARM_GOPS + 1` GOPs at the capture program's settings. */
function encode(jpegs: Buffer[], s: FixtureSpec): Promise<Buffer> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', String(s.fps), '-i', 'pipe:0'];
  args.push('-vf', `scale=${s.width}:${s.height},format=yuv420p`, '-c:v', 'libx264', '-bf', '0');
  // -keyint_min and no scene cuts: exactly one IDR per GOP, so the kept GOP loops at its keyframe.
  args.push('-g', String(s.gop), '-keyint_min', String(s.gop), '-sc_threshold', '0');
  args.push(...encoderArgs({ encoder: 'libx264', fps: s.fps, width: s.width, height: s.height }));
  args.push('-bsf:v', 'h264_metadata=aud=insert', '-f', 'h264', 'pipe:1');
  return new Promise((resolve, reject) => {
    const ff = spawn(recorderFfmpeg(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    ff.stdout.on('data', (d: Buffer) => out.push(d));
    ff.stderr.on('data', (d: Buffer) => (err += d.toString()));
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`bench: ffmpeg encoding the H.264 fixture exited ${code}: ${err}`))));
    for (let i = 0; i < s.gop * (WARM_GOPS + 1); i++) ff.stdin.write(jpegs[i % jpegs.length]);
    ff.stdin.end();
  });
}

// One per process: a publisher's cameras share their units and rungs.
const made = new Map<string, Promise<AccessUnit[]>>();
const rungsMade = new Map<number, Promise<{ jpegs: Buffer[]; height: number }>>();

/** The fixtures' full-size access units at `fps` (one GOP of `gopSeconds`), from the cache when made before. */
export function h264Fixture(fps: number, gopSeconds = 2): Promise<AccessUnit[]> {
  return fixtureUnits({ ...FIXTURE_SIZE, fps, gop: Math.round(fps * gopSeconds) });
}

/** The access units of the rung `width` wide at `fps` (one GOP of the capture program's), from the cache when made before. */
export function h264RungFixture(width: number, fps: number): Promise<AccessUnit[]> {
  return fixtureUnits({ ...edgeSize(FIXTURE_SIZE, width), fps, gop: gopFrames(fps) });
}

function fixtureUnits(s: FixtureSpec): Promise<AccessUnit[]> {
  const key = `${s.width}x${s.height}-${s.fps}fps-gop${s.gop}`;
  if (!made.has(key)) made.set(key, makeFixture(s, key));
  return made.get(key)!;
}

async function makeFixture(s: FixtureSpec, key: string): Promise<AccessUnit[]> {
  const jpegs = await loadFixtures();
  const bytes = jpegs.reduce((a, j) => a + j.length, 0);
  // "capture-args": made with the capture program's encoder arguments (older caches were not).
  const file = path.join(CACHE, `fixtures-${bytes}-${key}-capture-args.h264`);
  let stream: Buffer | null = await readFile(file).catch(() => null);
  if (!stream) {
    stream = await encode(jpegs, s);
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
  // The last GOP: its first unit is an IDR when the encoder kept to one per GOP.
  const last = units.slice(-s.gop);
  if (last.length !== s.gop || !last[0]?.keyframe || last.slice(1).some((u) => u.keyframe)) {
    throw new Error(`bench: the H.264 fixture ${key} is not whole GOPs of ${s.gop} units from an IDR`);
  }
  return last;
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
