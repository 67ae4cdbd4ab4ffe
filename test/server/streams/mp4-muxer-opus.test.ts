/**
 * A browser camera's Opus in stream.mp4 and HLS (#41 with #40), read by real ffmpeg: libx264 units and 20 ms Opus
 * packets muxed by Mp4Muxer into one fMP4, which ffmpeg opens as H.264 and Opus (its `Opus` entry and `dOps` box as
 * ISO BMFF's Opus mapping has them) and decodes a second of sound from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opusConfigHex } from '../../../common/codec/opus.js';
import { Mp4Muxer } from '../../../server/streams/mp4-muxer.js';
import { ffmpegRun, h264AccessUnits } from '../../helpers/h264.js';

const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-mux-opus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Mp4Muxer with Opus, read by ffmpeg', () => {
  it('gives ffmpeg an H.264 and an Opus track, a second of sound decoded', async () => {
    const units = await h264AccessUnits(15, 160, 90, 15);
    const muxer = new Mp4Muxer({ codec: 'opus', sampleRate: 48_000, channels: 1, config: opusConfigHex({ channels: 1, preSkip: 312, inputRate: 48_000 }) });
    const chunks: Uint8Array[] = [];
    const take = (r: ReturnType<Mp4Muxer['push']>) => r.kind === 'bytes' && chunks.push(...r.chunks);
    // A 20 ms CELT packet (TOC 0xf8: config 31, mono, one frame), as a browser's encoder sends every 20 ms: 50 a second.
    let sound = 0;
    units.forEach((u, i) => {
      const at = Math.round((i * 1000) / 15);
      take(muxer.push({ au: u.au, keyframe: u.keyframe, width: 160, height: 90, capturedAt: at }));
      for (; sound <= at + 66; sound += 20) take(muxer.pushSound({ frame: Buffer.alloc(40, 0xf8), capturedAt: sound }));
    });
    const file = path.join(dir, 'opus.mp4');
    writeFileSync(file, Buffer.concat(chunks));
    const run = await ffmpegRun(['-hide_banner', '-i', file, '-map', '0:a', '-f', 's16le', '-ac', '1', '-ar', '48000', '-']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Stream #0:0.*: Video: h264/);
    expect(run.err).toMatch(/Stream #0:1.*: Audio: opus.*48000 Hz, mono/);
    // 50 packets of 20 ms, less the 312 samples of pre-skip: about a second.
    const seconds = run.out.length / 2 / 48_000;
    expect(seconds).toBeGreaterThan(0.9);
    expect(seconds).toBeLessThan(1.1);
  });
});
