import { describe, expect, it } from 'vitest';
import { h264Codec } from '../../../common/codec/sps.js';
import { ffmpegOutput, splitAccessUnits } from '../../helpers/h264.js';

/** Six frames of libx264 at `profile` and `level`, as access units. */
async function encoded(profile: string, level: string) {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=15', '-frames:v', '6'];
  args.push('-c:v', 'libx264', '-profile:v', profile, '-level', level, '-pix_fmt', 'yuv420p', '-bf', '0', '-f', 'h264', '-');
  const out = await ffmpegOutput(args);
  return splitAccessUnits(out);
}

describe('h264Codec of ffmpeg-made units', () => {
  it.each([
    ['baseline', '3.0', 'avc1.42C01E'],
    ['main', '3.1', 'avc1.4D401F'],
    ['high', '4.0', 'avc1.640028'],
  ])('reads %s profile at level %s from an ffmpeg-made keyframe as %s', async (profile, level, codec) => {
    const units = await encoded(profile, level);
    expect(units[0]!.keyframe).toBe(true);
    expect(h264Codec(units[0]!.au)).toBe(codec);
  });

  it('gives null for an access unit with no SPS (a P-frame)', async () => {
    const units = await encoded('main', '3.1');
    expect(units[1]!.keyframe).toBe(false);
    expect(h264Codec(units[1]!.au)).toBeNull();
  });
});
