/** Source name → factory: the one table that knows every capture source. */
import { FfmpegSource } from './ffmpeg.js';
import { FileSource } from './file.js';
import { MjpegUrlSource } from './mjpeg-url.js';
import { RtspSource } from './rtsp.js';
import { SnapshotUrlSource } from './snapshot-url.js';
import type { FrameSource, SourceName, SourceOptions } from './source.js';
import { PatternSource } from './pattern-fallback.js';
import { WebcamSource } from './webcam.js';

export const SOURCES: Readonly<Record<SourceName, (opts: SourceOptions) => FrameSource>> = {
  ffmpeg: (opts) => new FfmpegSource(opts),
  webcam: (opts) => new WebcamSource(opts),
  'test-pattern': (opts) => new PatternSource(opts),
  file: (opts) => new FileSource(opts),
  rtsp: (opts) => new RtspSource(opts),
  mjpeg: (opts) => new MjpegUrlSource(opts),
  snapshot: (opts) => new SnapshotUrlSource(opts),
};

/** Builds the named source; option errors throw a CamrelayError (BAD_CONFIG) here, device errors come from start(). */
export function createSource(name: SourceName, opts: SourceOptions): FrameSource {
  return SOURCES[name](opts);
}
