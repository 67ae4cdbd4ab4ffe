/** The H.264 ffmpeg arguments: a short GOP, no B-frames, in-band headers and an AUD per access unit. */
import { describe, expect, it } from 'vitest';
import { DECODED_TICK, gopFrames, h264Args } from '../../../capture-client/edge/h264-args.js';

/** The value after `flag` in an argument array. */
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('h264Args', () => {
  it('keeps the GOP at one nominal second, so a camera at half its rate still has keyframes 2 s apart', () => {
    expect(gopFrames(15)).toBe(15);
    expect(gopFrames(0.5)).toBe(1);
    expect(after(h264Args({ encoder: 'libx264', fps: 30, width: 1280, height: 720 }), '-g')).toBe('30');
  });

  it('asks libx264 for superfast, zero latency, headers on every keyframe, no B-frames and an AUD per unit', () => {
    const args = h264Args({ encoder: 'libx264', fps: 15, width: 1280, height: 720 });
    expect(after(args, '-preset')).toBe('superfast');
    expect(after(args, '-tune')).toBe('zerolatency');
    expect(after(args, '-x264-params')).toBe('repeat-headers=1');
    expect(after(args, '-bf')).toBe('0');
    // The camera's rate stated in the SPS (tick_rate = 2 × fps), not the 25 fps ffmpeg takes a pipe for.
    expect(after(args, '-bsf:v')).toBe('h264_metadata=aud=insert:tick_rate=30');
    expect(after(args, '-vf')).toBe(`scale=1280:720,format=yuv420p,${DECODED_TICK}`);
    expect(args.slice(-3)).toEqual(['-f', 'h264', 'pipe:1']);
  });

  it('gives a hardware encoder a bitrate, as ffmpeg’s 200 kb/s default smears 720p', () => {
    const args = h264Args({ encoder: 'h264_nvenc', fps: 15, width: 1280, height: 720 });
    expect(Number(after(args, '-b:v'))).toBeGreaterThan(1_000_000);
    expect(after(args, '-forced-idr')).toBe('1');
    expect(after(args, '-vf')).toBe(`scale=1280:720,format=nv12,${DECODED_TICK}`);
  });
});
