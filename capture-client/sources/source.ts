/** The contract every capture source fulfils: produce JPEG frames until stopped. */

export const SOURCE_NAMES = ['ffmpeg', 'webcam', 'test-pattern', 'file', 'rtsp', 'mjpeg', 'snapshot'] as const;
/** Sources that read a camera at a URL (--url or CAMRELAY_CAMERA_URL), issue #29. */
export const URL_SOURCES: readonly SourceName[] = ['rtsp', 'mjpeg', 'snapshot'];
export type SourceName = (typeof SOURCE_NAMES)[number];

export interface SourceFrame {
  jpeg: Buffer;
  /** Local clock, ms since the epoch, when the frame was captured (or read from the pipe). */
  capturedAt: number;
  width?: number;
  height?: number;
}

export interface SourceOptions {
  /** Frames per second wanted; sources that cannot pace themselves produce at their own rate. */
  fps: number;
  /** Wanted frame width in pixels; height follows the aspect ratio. */
  width?: number;
  /** Wanted frame height in pixels (used by test-pattern and as the dshow/v4l2 size request). */
  height?: number;
  /** JPEG quality 1-100 for sources that encode. */
  quality?: number;
  /** Device name (dshow/avfoundation), path (/dev/video0) or index, for ffmpeg and webcam. */
  device?: string;
  /** Folder of JPEGs, an .mjpeg file or a video file ffmpeg plays, for the file source. */
  path?: string;
  /** The camera's URL for rtsp (rtsp://, rtsps://), mjpeg and snapshot (http://, https://); may hold credentials: never print it unmasked. */
  url?: string;
  /** rtsp: the main stream, recorded by copy; `url` is then the sub stream for live JPEG. */
  recordUrl?: string;
  /** rtsp: 'tcp' (default) or 'udp'. */
  rtspTransport?: 'tcp' | 'udp';
  /** rtsp: an H.265 main stream is encoded to H.264 here ('encode', the default) or recorded by copy ('copy', `--record-h265 copy`). */
  recordH265?: 'copy' | 'encode';
  /** The capture PC's microphone as the camera's sound (#40, --audio-device), and ffmpeg's input format for it (--audio-format). */
  audioDevice?: string;
  audioFormat?: string;
  /** Path of the ffmpeg binary; defaults to the one shipped by @ffmpeg-installer/ffmpeg. */
  ffmpegPath?: string;
}

export interface FrameSource {
  readonly name: SourceName;
  /**
   * Starts producing frames. Resolves once the source runs; rejects with a CamrelayError
   * (CAMERA_NOT_FOUND, CAMERA_BUSY, CAMERA_DENIED, SOURCE_UNAVAILABLE, SOURCE_FAILED, BAD_CONFIG) when it cannot start.
   * `onError` reports a failure after a successful start; the source has stopped by then.
   */
  start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void>;
  /** Stops producing and releases the device or child process. Safe to call twice. */
  stop(): Promise<void>;
  /** A short note for the status line about costly work the source does (ffmpeg re-encoding), or null. */
  note?(): string | null;
}
