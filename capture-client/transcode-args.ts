/** ffmpeg's arguments for --width/--height/--quality: JPEGs in on stdin, the same frames scaled and re-encoded out on stdout. */
import { GLOBAL_ARGS } from './sources/ffmpeg-args.js';

export interface TranscodeArgsOptions {
  /** Largest width; the height follows the aspect ratio. Smaller frames are not enlarged. */
  width?: number;
  /** Largest height, the same way; with a width too, the frame fits inside both. */
  height?: number;
  /** JPEG quality 1-100, as sharp, libjpeg and browsers count it. */
  quality?: number;
}

/** What --quality means when it is not given but the frame is re-encoded to be resized (libjpeg's and sharp's default). */
export const DEFAULT_QUALITY = 80;

/**
 * ffmpeg's mjpeg `-q:v` (2 best … 31 worst) for a 1-100 JPEG quality. libjpeg scales its quantisation
 * tables by S = 5000/Q below 50 and 200-2Q from 50 (100% at Q 50), and ffmpeg's qscale multiplies the
 * same tables, about 10 qscale per 100%; so qscale = S/10, clamped to 2..31 (1 needs -strict, 31 is the
 * coarsest). Measured on bench/fixtures/frame-00.jpg: 75 → 5 gives 143 kB where sharp's 75 gives 146 kB,
 * 90 → 2 gives 181 kB where sharp's gives 184 kB. Everything from 90 up is ffmpeg's best, 2.
 */
export function qscaleFor(quality: number): number {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return Math.min(31, Math.max(2, Math.round(scale / 10)));
}

/**
 * The scale filter that fits a frame inside width × height, keeping its aspect ratio, never enlarging
 * (enlarging adds bytes but no detail); null when neither is set. Commas inside an expression are
 * escaped, as the filter graph would otherwise read them as the next filter.
 */
export function scaleFilter(width?: number, height?: number): string | null {
  if (width !== undefined && height !== undefined) {
    return `scale=w=min(iw\\,${width}):h=min(ih\\,${height}):force_original_aspect_ratio=decrease`;
  }
  if (width !== undefined) return `scale=w=min(iw\\,${width}):h=-1`;
  if (height !== undefined) return `scale=w=-1:h=min(ih\\,${height})`;
  return null;
}

/** The input both long-lived ffmpegs read: multipart JPEGs on stdin, each part decoded as it ends. */
export const MJPEG_STDIN = ['-f', 'mpjpeg', '-c:v', 'mjpeg', '-i', 'pipe:0'] as const;

/**
 * The whole argument array of the long-lived transcoder. Input is multipart JPEG (`mpjpeg`): each part
 * says its length, so ffmpeg takes a frame as soon as its last byte arrives; the raw `mjpeg` and
 * `image2pipe` readers only end a frame when the next one starts (one frame late). `-vsync passthrough`
 * writes each frame as it is decoded; the default waits for the next frame's time stamp.
 */
export function transcodeArgs(opts: TranscodeArgsOptions): string[] {
  const filter = scaleFilter(opts.width, opts.height);
  return [...GLOBAL_ARGS, ...MJPEG_STDIN, ...(filter ? ['-vf', filter] : []), '-vsync', 'passthrough', ...mjpegToStdout(opts.quality)];
}

/** The output every JPEG-making ffmpeg here ends with: JPEGs of this quality (1-100), back to back on stdout. */
export function mjpegToStdout(quality = DEFAULT_QUALITY): string[] {
  return ['-c:v', 'mjpeg', '-q:v', String(qscaleFor(quality)), '-f', 'image2pipe', 'pipe:1'];
}

/** The boundary between JPEGs on the transcoder's stdin; it never occurs inside one, as only its length is read. */
export const PART_BOUNDARY = 'camrelayframe';

/** One JPEG as a part of the multipart stream the transcoder reads. */
export function multipartHead(length: number): Buffer {
  return Buffer.from(`--${PART_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${length}\r\n\r\n`);
}
