/**
 * The test pattern wherever the capture client runs: drawn with sharp, or, where sharp is absent
 * (the one-file capture program carries no native modules), by ffmpeg's own test source, encoded
 * to JPEG by ffmpeg. A camera-less PC falls back to the pattern, so this must not need sharp.
 */
import { CamrelayError } from '../../shared/errors.js';
import { FfmpegSource } from './ffmpeg.js';
import type { FrameSource, SourceFrame, SourceOptions } from './source.js';
import { TestPatternSource } from './test-pattern.js';

/** ffmpeg's arguments for a live test source of this size and rate. */
export function testSourceArgs(opts: SourceOptions): string[] {
  const width = opts.width ?? 1280;
  const height = opts.height ?? Math.round((width * 9) / 16);
  return ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${opts.fps}`];
}

export class PatternSource implements FrameSource {
  readonly name = 'test-pattern' as const;
  private running: FrameSource | null = null;
  private readonly drawn: FrameSource;

  /** Bad options throw here (BAD_CONFIG), as for every source. */
  constructor(
    private readonly opts: SourceOptions,
    drawn: (opts: SourceOptions) => FrameSource = (o) => new TestPatternSource(o),
    private readonly byFfmpeg: (opts: SourceOptions) => FrameSource = (o) => new FfmpegSource({ ...o, inputArgs: testSourceArgs(o) }),
  ) {
    this.drawn = drawn(opts);
  }

  async start(onFrame: (frame: SourceFrame) => void, onError: (err: Error) => void): Promise<void> {
    const drawn = this.drawn;
    try {
      await drawn.start(onFrame, onError);
      this.running = drawn;
    } catch (err) {
      // Only a missing sharp sends the pattern to ffmpeg; any other failure is the caller's to see.
      if (!(err instanceof CamrelayError) || err.code !== 'SOURCE_UNAVAILABLE') throw err;
      const ffmpeg = this.byFfmpeg(this.opts);
      await ffmpeg.start(onFrame, onError);
      this.running = ffmpeg;
    }
  }

  async stop(): Promise<void> {
    await this.running?.stop();
  }

  note(): string | null {
    return this.running?.note?.() ?? null;
  }
}
