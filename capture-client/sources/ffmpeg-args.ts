/** ffmpeg argument arrays for camera capture, per platform; arrays go straight to spawn, never through a shell. */
import type { CapturePlan } from './capture-plan.js';

export const CAPTURE_PLATFORMS = ['win32', 'linux', 'darwin'] as const;
export type CapturePlatform = (typeof CAPTURE_PLATFORMS)[number];

export interface CaptureArgsOptions {
  platform: CapturePlatform;
  /** dshow name, `@device_...` alternative name, /dev path, or index (Linux, macOS). */
  device: string;
  fps: number;
  width?: number;
  height?: number;
  /** What to ask of the camera; default: its MJPEG at width x height and fps. */
  plan?: CapturePlan;
}

/** Quiet, and never read stdin: a stray keypress would otherwise reach ffmpeg's interactive commands. */
export const GLOBAL_ARGS: readonly string[] = ['-hide_banner', '-loglevel', 'error', '-nostdin'];

/** Copies the camera's own MJPEG packets: no decode, no re-encode. */
export const COPY_OUTPUT_ARGS: readonly string[] = ['-an', '-c:v', 'copy', '-f', 'mjpeg', 'pipe:1'];

/**
 * Encodes to MJPEG, for inputs that deliver raw pixels (avfoundation, lavfi, cameras with no MJPEG mode). With fps,
 * frames beyond that rate are dropped before the encoder, which costs CPU per frame (a slower camera gets repeats).
 */
export function encodeOutputArgs(qscale = 5, fps?: number): string[] {
  return ['-an', ...(fps ? ['-vf', `fps=${fps}`] : []), '-c:v', 'mjpeg', '-q:v', String(qscale), '-f', 'mjpeg', 'pipe:1'];
}

/** True for the platforms ffmpeg capture supports. */
export function isCapturePlatform(value: string): value is CapturePlatform {
  return (CAPTURE_PLATFORMS as readonly string[]).includes(value);
}

/** `0` → `/dev/video0`; anything else is taken as a path. */
export function linuxDevicePath(device: string): string {
  return /^\d+$/.test(device) ? `/dev/video${device}` : device;
}

/** The `-i` value dshow wants: `video=<name>`, one argv element, spaces and all. */
export function dshowInput(device: string): string {
  return device.startsWith('video=') ? device : `video=${device}`;
}

/** The plan when none is given: the camera's MJPEG at the asked size (both sides, or none) and rate. */
export function defaultPlan(opts: Pick<CaptureArgsOptions, 'fps' | 'width' | 'height'>): CapturePlan {
  const { fps, width, height } = opts;
  return { encode: false, ...(width && height ? { size: { width, height } } : {}), framerate: fps };
}

function modeArgs(plan: CapturePlan): string[] {
  return [...(plan.size ? ['-video_size', `${plan.size.width}x${plan.size.height}`] : []), ...(plan.framerate ? ['-framerate', String(plan.framerate)] : [])];
}

/** The input half: format, device options and `-i`. */
export function buildInputArgs(opts: CaptureArgsOptions): string[] {
  const { platform, device } = opts;
  const plan = opts.plan ?? defaultPlan(opts);
  switch (platform) {
    case 'win32': {
      // -vcodec before -i picks the camera's MJPEG pin, so frames arrive already compressed.
      const format = plan.encode ? (plan.pixelFormat ? ['-pixel_format', plan.pixelFormat] : []) : ['-vcodec', 'mjpeg'];
      return ['-fflags', 'nobuffer', '-f', 'dshow', '-rtbufsize', '64M', ...format, ...modeArgs(plan), '-i', dshowInput(device)];
    }
    case 'linux': {
      const format = plan.encode ? (plan.pixelFormat ? ['-input_format', plan.pixelFormat] : []) : ['-input_format', 'mjpeg'];
      return ['-fflags', 'nobuffer', '-f', 'v4l2', ...format, ...modeArgs(plan), '-i', linuxDevicePath(device)];
    }
    case 'darwin':
      // avfoundation takes the rate before the size (the order its tests were recorded with).
      return [
        '-fflags',
        'nobuffer',
        '-f',
        'avfoundation',
        ...modeArgs({ encode: plan.encode, ...(plan.framerate ? { framerate: plan.framerate } : {}) }),
        ...modeArgs({ encode: plan.encode, ...(plan.size ? { size: plan.size } : {}) }),
        '-i',
        device,
      ];
  }
}

/** True when ffmpeg encodes the JPEGs itself: always on macOS (avfoundation gives raw pixels), else as planned. */
export function encodes(platform: CapturePlatform, plan: CapturePlan): boolean {
  return platform === 'darwin' || plan.encode;
}

/** The output half: copy the MJPEG where the camera gives it, encode where it gives raw pixels. */
export function buildOutputArgs(platform: CapturePlatform, plan?: CapturePlan, fps?: number): string[] {
  // Raw camera frames: drop the surplus before the encoder. macOS asks avfoundation for the rate instead.
  return encodes(platform, plan ?? { encode: false }) ? encodeOutputArgs(5, plan?.encode ? fps : undefined) : [...COPY_OUTPUT_ARGS];
}

/** The whole argument array for capturing one camera to MJPEG on stdout. */
export function buildCaptureArgs(opts: CaptureArgsOptions): string[] {
  const plan = opts.plan ?? defaultPlan(opts);
  return [...GLOBAL_ARGS, ...buildInputArgs({ ...opts, plan }), ...buildOutputArgs(opts.platform, plan, opts.fps)];
}

/** Arguments that make ffmpeg print a dshow camera's modes (pins, formats, sizes, rates) on stderr. */
export function buildListOptionsArgs(device: string): string[] {
  return ['-hide_banner', '-nostdin', '-list_options', 'true', '-f', 'dshow', '-i', dshowInput(device)];
}

/**
 * Arguments that make ffmpeg print its camera list on stderr, or null on Linux where /dev/video* is the list.
 * No `-loglevel error` here: the list is printed at info level.
 */
export function buildListDevicesArgs(platform: CapturePlatform): string[] | null {
  switch (platform) {
    case 'win32':
      return ['-hide_banner', '-nostdin', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'];
    case 'darwin':
      return ['-hide_banner', '-nostdin', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''];
    case 'linux':
      return null;
  }
}
