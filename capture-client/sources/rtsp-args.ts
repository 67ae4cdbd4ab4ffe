/** ffmpeg's arguments for an RTSP camera's stream decoded to MJPEG on stdout; arrays go straight to spawn, never through a shell. */
import { mjpegToStdout, scaleFilter } from '../transcode-args.js';

/**
 * How ffmpeg is told to give up on a silent socket. The bundled ffmpeg (4.x) calls it `-stimeout`; ffmpeg 5
 * removed that name and `-timeout` took its meaning (in 4.x `-timeout` makes ffmpeg listen instead).
 */
export type RtspTimeoutOption = 'stimeout' | 'timeout';

/** A camera that stops answering is noticed after this long: soon enough to say so, long enough for a slow Wi-Fi camera. */
export const RTSP_SOCKET_TIMEOUT_MS = 5000;

export interface RtspArgsOptions {
  /** The URL ffmpeg opens: its host already an address (camera-url.ts resolveCameraUrl). */
  url: string;
  fps: number;
  width?: number;
  height?: number;
  /** JPEG quality 1-100; default that of the transcoder (80). */
  quality?: number;
  transport?: 'tcp' | 'udp';
  timeoutOption?: RtspTimeoutOption;
  /** ffmpeg's own probing of the stream: for a camera whose SDP does not say the stream's size (rtsp-error.ts needsFullProbe). */
  fullProbe?: boolean;
}

/**
 * `level+info` prefixes every line with its level, so errors are told from the stream's description
 * (read for the status line's codec and size) without a second ffmpeg run; -nostats keeps progress out.
 */
export const RTSP_GLOBAL_ARGS: readonly string[] = ['-hide_banner', '-nostats', '-loglevel', 'level+info', '-nostdin'];

/** The whole argument array: the camera's stream in, every frame decoded, rate-limited, scaled, and written as JPEGs. */
export function buildRtspArgs(opts: RtspArgsOptions): string[] {
  const filters = [`fps=${opts.fps}`, scaleFilter(opts.width, opts.height)].filter((f): f is string => f !== null);
  return [
    ...RTSP_GLOBAL_ARGS,
    '-rtsp_transport',
    opts.transport ?? 'tcp',
    `-${opts.timeoutOption ?? 'stimeout'}`,
    String(RTSP_SOCKET_TIMEOUT_MS * 1000),
    // Frames as they arrive: a live view wants the newest picture, not a smoothed one.
    '-fflags',
    'nobuffer',
    // The SDP and the stream's own SPS say all the decoder needs; the default probe read about 2.9 s of the
    // stream before the first frame (bench/lib/rtsp-phases.ts), most of the first live frame's wait.
    ...(opts.fullProbe ? [] : ['-probesize', '32', '-analyzeduration', '0']),
    '-i',
    opts.url,
    '-an',
    '-sn',
    '-dn',
    '-vf',
    filters.join(','),
    ...mjpegToStdout(opts.quality),
  ];
}
