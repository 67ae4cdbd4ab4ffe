/** ffmpeg's arguments for the camera side's H.264: the source's JPEGs in on stdin, Annex B access units out on stdout. */
import { MJPEG_STDIN } from '../transcode-args.js';

export interface H264ArgsOptions {
  /** An encoder from the pick (encoder-pick.ts). */
  encoder: string;
  /** The source's frame rate: the GOP is counted in frames. */
  fps: number;
  width: number;
  height: number;
}

/** Longest GOP the relay's recorder asks for (a segment is cut at a keyframe, so playback can start at any 2 s point). */
export const MAX_GOP_SECONDS = 2;

/**
 * Frames per GOP: one second at the nominal rate, half the 2 s limit, because the GOP is counted in frames and a
 * camera that delivers fewer frames than asked (low light, the fps gate) stretches it in time.
 */
export function gopFrames(fps: number): number {
  return Math.max(1, Math.round(fps * (MAX_GOP_SECONDS / 2)));
}

/** A bitrate for the hardware encoders, whose default (ffmpeg's 200 kb/s) smears 720p; ~0.1 bit per pixel. */
export function targetBitrate(opts: H264ArgsOptions): number {
  return Math.round(opts.width * opts.height * opts.fps * 0.1);
}

/**
 * Each encoder's low-latency, keyframe and header settings. libx264 writes SPS/PPS before every IDR with
 * repeat-headers (its default for raw output anyway, said so it cannot change); nvenc sets its IDR period to
 * `-g` and writes SPS/PPS with each IDR when there is no global header (raw output has none), forced-idr makes a
 * forced keyframe an IDR too; qsv's default idr_interval 0 makes every I-frame an IDR; amf and videotoolbox
 * take `-g` as their IDR period. The splitter still adds the last SPS/PPS to a keyframe that lacks them.
 */
export function encoderArgs(opts: H264ArgsOptions): string[] {
  const rate = targetBitrate(opts);
  const vbv = ['-maxrate', String(Math.round(rate * 1.5)), '-bufsize', String(rate)];
  switch (opts.encoder) {
    case 'libx264':
      // superfast, not veryfast: 720p15 at the rate cap took 1.2-1.4 CPU-s per 10 s against 1.7 (a quarter less on
      // the camera PC, #28's target), for the same bytes and 0.75 dB less PSNR. ultrafast cost more here (1.9 s).
      return ['-preset', 'superfast', '-tune', 'zerolatency', '-x264-params', 'repeat-headers=1', ...vbv];
    case 'h264_nvenc':
      return ['-zerolatency', '1', '-forced-idr', '1', '-b:v', String(rate), ...vbv];
    case 'h264_amf':
      return ['-usage', 'lowlatency', '-b:v', String(rate), ...vbv];
    case 'h264_videotoolbox':
      return ['-realtime', '1', '-b:v', String(rate), ...vbv];
    default:
      return ['-b:v', String(rate), ...vbv];
  }
}

/**
 * A line on stderr per decoded frame, read by the encoder to pair capture times exactly: showinfo on a 16×16
 * copy (showinfo checksums every pixel it sees: ~2 ms a 720p frame in full, nothing measurable at 16×16).
 */
export const DECODED_TICK = 'split[out][tick];[tick]scale=16:16:flags=neighbor,showinfo,nullsink;[out]null';

/** ffmpeg's stderr line for each decoded frame (from DECODED_TICK), and for each frame it could not decode. */
export const DECODED_LINE = /\[Parsed_showinfo_\d+ @ [^\]]+\] n:\s*\d+ /;
// ffmpeg 4-6 say "Error while decoding stream #0:0: …"; 7 says "[vist#0:0/mjpeg @ …] Decoding error: …".
export const UNDECODED_LINE = /Error while decoding stream|Decoding error:/;

/**
 * The whole argument array. Input is multipart JPEG, as the transcoder's (transcode-args.ts): each part says its
 * length, so ffmpeg takes a frame the moment its last byte arrives. Output pixels are 4:2:0 at the asked size
 * (webcam JPEGs are often 4:2:2, which libx264 would keep, in a profile browsers cannot play). `-bf 0` keeps
 * access units in capture order, one per decoded frame, so each pairs with its frame's capture time; h264_metadata puts an
 * AUD before each access unit, so splitting needs no slice parsing, and states the frame rate; -flush_packets writes each one at once.
 */
export function h264Args(opts: H264ArgsOptions): string[] {
  const pixels = opts.encoder === 'libx264' ? 'yuv420p' : 'nv12';
  const gop = String(gopFrames(opts.fps));
  return [
    // Info, not error: showinfo's per-frame line is an info line. -nostats drops the progress line.
    '-hide_banner',
    '-loglevel',
    'info',
    '-nostats',
    '-nostdin',
    ...MJPEG_STDIN,
    '-vf',
    `scale=${opts.width}:${opts.height},format=${pixels},${DECODED_TICK}`,
    '-vsync',
    'passthrough',
    '-c:v',
    opts.encoder,
    '-g',
    gop,
    '-bf',
    '0',
    ...encoderArgs(opts),
    '-bsf:v',
    // tick_rate (2 × fps, H.264 E.2.1) states the camera's rate in the SPS, not the 25 fps ffmpeg assumes of a pipe:
    // the relay's LL-HLS sets its part target from the stated rate, which a loaded box's late stamps do not move.
    `h264_metadata=aud=insert:tick_rate=${2 * opts.fps}`,
    '-flush_packets',
    '1',
    '-f',
    'h264',
    'pipe:1',
  ];
}
