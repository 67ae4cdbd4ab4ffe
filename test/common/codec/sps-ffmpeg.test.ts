import { describe, expect, it } from 'vitest';
import { parameterSets } from '../../../common/codec/avc.js';
import { h264Codec, h264FrameRate } from '../../../common/codec/sps.js';
import { ffmpegOutput, splitAccessUnits } from '../../helpers/h264.js';

/** Six frames of libx264 at `profile` and `level`, as access units. */
async function encoded(profile: string, level: string, rate = '15', more: string[] = []) {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=${rate}`, '-frames:v', '6', ...more];
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

describe('h264FrameRate of ffmpeg-made units', () => {
  const rateOf = async (profile: string, rate: string, more: string[] = []) =>
    h264FrameRate(parameterSets((await encoded(profile, '4.0', rate, more))[0]!.au)!.sps);

  it('reads the rate the encoder was set to from the VUI timing, whatever the profile', async () => {
    expect(await rateOf('baseline', '15')).toBe(15);
    expect(await rateOf('main', '10')).toBe(10);
    expect(await rateOf('high', '25')).toBe(25);
    // High profile with its own scaling matrices (x264's cqm flat is still a list in the SPS with cqm=jvt).
    expect(await rateOf('high', '30000/1001', ['-x264-params', 'cqm=jvt'])).toBeCloseTo(29.97, 2);
  });

  it('gives null for an SPS cut short', async () => {
    const whole = parameterSets((await encoded('main', '3.1'))[0]!.au)!.sps;
    expect(h264FrameRate(whole.subarray(0, 6))).toBeNull();
  });
});
