/** The camera side's H.264 with the real ffmpeg (the bundled one, libx264): JPEGs in, access units out, decodable from any keyframe. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAL, nalSpans } from '../../../common/codec/annexb.js';
import { EdgeH264, type EdgeAccessUnit } from '../../../capture-client/edge/edge-h264.js';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { waitFor } from '../../helpers/wait.js';

const FPS = 15;
const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-edge-h264-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Frame i of a test pattern: a white square moving 4 px a frame on grey, with no scene cut, so only the GOP makes keyframes. */
async function movingSquare(i: number): Promise<Buffer> {
  const square = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 250, g: 250, b: 250 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 110, b: 130 } } })
    .composite([{ input: square, left: (i * 4) % 280, top: 100 }])
    .jpeg()
    .toBuffer();
}

/**
 * How many frames ffmpeg decodes from an H.264 file, and what it said on the way (nothing, for a clean stream). Every
 * decoded frame counts (-vsync passthrough): framecrc's default re-times to a constant rate, which drops frames of a
 * cut stream now that the SPS states the camera's own rate, not ffmpeg's 25 (h264-args.ts).
 */
function decode(file: string): Promise<{ frames: number; errors: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'h264', '-i', file, '-vsync', 'passthrough', '-f', 'framecrc', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (errors += d));
    child.once('error', reject);
    child.once('close', () => resolve({ frames: out.split('\n').filter((l) => /^0,/.test(l)).length, errors }));
  });
}

describe('EdgeH264', () => {
  const units: EdgeAccessUnit[] = [];
  const times = Array.from({ length: 60 }, (_, i) => 1_700_000_000_000 + Math.round((i * 1000) / FPS));

  beforeAll(async () => {
    const jpegs = await Promise.all(times.map((_, i) => movingSquare(i)));
    const edge = new EdgeH264({ pick: { encoder: 'libx264', hardware: false, failed: [] } });
    edge.onAccessUnit((au) => units.push(au));
    await edge.start({ fps: FPS, width: 320, height: 240 });
    // ffmpeg holds at most two GOPs: a refused frame is offered again once it has caught up.
    for (const [i, jpeg] of jpegs.entries()) await waitFor(() => edge.push(jpeg, times[i]!), `frame ${i} taken`);
    await edge.stop();
  });

  it('gives one access unit per frame, in order, each with its own frame’s capture time', () => {
    expect(units.map((u) => u.capturedAt)).toEqual(times);
    expect(units.every((u) => u.width === 320 && u.height === 240)).toBe(true);
  });

  it('starts with a keyframe, and every keyframe carries its SPS and PPS', () => {
    expect(units[0]!.keyframe).toBe(true);
    for (const u of units.filter((x) => x.keyframe)) {
      const types = nalSpans(u.data).map((n) => n.type);
      expect(types).toContain(NAL.SPS);
      expect(types).toContain(NAL.PPS);
    }
  });

  it('keeps keyframes at most 2 s of capture time apart', () => {
    const keys = units.filter((u) => u.keyframe).map((u) => u.capturedAt);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < keys.length; k++) expect(keys[k]! - keys[k - 1]!).toBeLessThanOrEqual(2000);
    expect(times.at(-1)! - keys.at(-1)!).toBeLessThanOrEqual(2000);
  });

  it('makes a stream ffmpeg decodes whole, and also from a later keyframe on, as a cut recording would start', async () => {
    const whole = path.join(dir, 'whole.h264');
    writeFileSync(whole, Buffer.concat(units.map((u) => u.data)));
    expect(await decode(whole)).toEqual({ frames: 60, errors: '' });
    const second = units.findIndex((u, i) => i > 0 && u.keyframe);
    const cut = path.join(dir, 'cut.h264');
    writeFileSync(cut, Buffer.concat(units.slice(second).map((u) => u.data)));
    expect(await decode(cut)).toEqual({ frames: 60 - second, errors: '' });
  });
});
