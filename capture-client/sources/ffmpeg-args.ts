/** ffmpeg argument arrays for camera capture, per platform; arrays go straight to spawn, never through a shell. */

export const CAPTURE_PLATFORMS = ['win32', 'linux', 'darwin'] as const;
export type CapturePlatform = (typeof CAPTURE_PLATFORMS)[number];

export interface CaptureArgsOptions {
  platform: CapturePlatform;
  /** dshow name, `@device_...` alternative name, /dev path, or index (Linux, macOS). */
  device: string;
  fps: number;
  width?: number;
  height?: number;
}

/** Quiet, and never read stdin: a stray keypress would otherwise reach ffmpeg's interactive commands. */
export const GLOBAL_ARGS: readonly string[] = ['-hide_banner', '-loglevel', 'error', '-nostdin'];

/** Copies the camera's own MJPEG packets: no decode, no re-encode. */
export const COPY_OUTPUT_ARGS: readonly string[] = ['-an', '-c:v', 'copy', '-f', 'mjpeg', 'pipe:1'];

/** Encodes to MJPEG, for inputs that deliver raw pixels (avfoundation, lavfi). */
export function encodeOutputArgs(qscale = 5): string[] {
  return ['-an', '-c:v', 'mjpeg', '-q:v', String(qscale), '-f', 'mjpeg', 'pipe:1'];
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

function sizeArgs(width?: number, height?: number): string[] {
  // -video_size needs both sides; with only a width the transcoder resizes later instead.
  return width && height ? ['-video_size', `${width}x${height}`] : [];
}

/** The input half: format, device options and `-i`. */
export function buildInputArgs(opts: CaptureArgsOptions): string[] {
  const { platform, device, fps, width, height } = opts;
  const rate = ['-framerate', String(fps)];
  switch (platform) {
    case 'win32':
      // -vcodec before -i picks the camera's MJPEG pin, so frames arrive already compressed.
      return ['-fflags', 'nobuffer', '-f', 'dshow', '-rtbufsize', '64M', '-vcodec', 'mjpeg', ...sizeArgs(width, height), ...rate, '-i', dshowInput(device)];
    case 'linux':
      return ['-fflags', 'nobuffer', '-f', 'v4l2', '-input_format', 'mjpeg', ...sizeArgs(width, height), ...rate, '-i', linuxDevicePath(device)];
    case 'darwin':
      return ['-fflags', 'nobuffer', '-f', 'avfoundation', ...rate, ...sizeArgs(width, height), '-i', device];
  }
}

/** The output half: copy the MJPEG where the camera gives it, encode on macOS where avfoundation cannot. */
export function buildOutputArgs(platform: CapturePlatform): string[] {
  return platform === 'darwin' ? encodeOutputArgs(5) : [...COPY_OUTPUT_ARGS];
}

/** The whole argument array for capturing one camera to MJPEG on stdout. */
export function buildCaptureArgs(opts: CaptureArgsOptions): string[] {
  return [...GLOBAL_ARGS, ...buildInputArgs(opts), ...buildOutputArgs(opts.platform)];
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
