/**
 * The copying ffmpeg's stdout as access units (rtsp-copy.ts): delimited per picture, split, each
 * stamped with when its first bytes arrived here (the camera's own clock is not on the stream), and
 * held until ffmpeg's stream line gives their size. Its own file because it is pure bytes-to-units
 * work with no process in it: rtsp-copy.ts owns ffmpeg's life, this owns what ffmpeg writes.
 */
import type { VideoCodecName } from '../../common/codec/annexb.js';
import { type AccessUnit, AnnexBSplitter } from './annexb-splitter.js';
import type { ProducedUnit } from './h264-producer.js';
import { PictureDelimiter } from './picture-delimiter.js';
import type { StreamInfo } from './rtsp-copy-args.js';

/** Units read before ffmpeg's stream line gave their size: 2 s of 30 fps; more and it is not the ffmpeg asked for. */
const UNSIZED_MAX = 60;

export interface CopyUnitsOptions {
  /** What ffmpeg writes: 'h265' when it copies an H.265 stream as it is. */
  codec: VideoCodecName;
  /** This run's ffmpeg makes H.264 of an H.265 stream; a copying run's H.265 is never read as H.264. */
  encoding: boolean;
  now: () => number;
  unit: (unit: ProducedUnit) => void;
}

export class CopyUnits {
  private readonly delimiter: PictureDelimiter;
  private readonly splitter: AnnexBSplitter;
  private readonly arrivals: number[] = [];
  private last = 0;
  private readonly unsized: { au: AccessUnit; at: number }[] = [];
  private info: StreamInfo | null = null;
  private passes = false;

  constructor(private readonly o: CopyUnitsOptions) {
    this.delimiter = new PictureDelimiter(o.codec);
    this.splitter = new AnnexBSplitter({ codec: o.codec });
  }

  /** True once ffmpeg's stream line gave the units' size. */
  sized(): boolean {
    return this.info !== null;
  }

  /** ffmpeg's stream line: the units held so far go out, and every one after at once. */
  size(info: StreamInfo): void {
    this.info = info;
    // What goes on is H.264, or H.265 copied as it is; an H.265 stream read as H.264 goes nowhere.
    this.passes = info.codec === 'h264' || this.o.encoding;
    for (const u of this.unsized.splice(0)) this.emit(u.au, u.at);
  }

  /** One chunk of stdout; throws on bytes that are no stream (the caller ends ffmpeg). */
  push(chunk: Buffer): void {
    const before = this.delimiter.pictures;
    const bytes = this.delimiter.push(chunk);
    const at = this.o.now();
    // Strictly increasing: two pictures in one chunk are still two instants for the recorder.
    for (let n = this.delimiter.pictures - before; n > 0; n--) this.arrivals.push((this.last = Math.max(at, this.last + 1)));
    this.splitter.push(bytes, (au) => {
      const stamp = this.arrivals.shift() ?? at;
      if (this.info) return this.emit(au, stamp);
      if (this.unsized.length < UNSIZED_MAX) this.unsized.push({ au, at: stamp });
    });
  }

  private emit(au: AccessUnit, at: number): void {
    if (!this.passes) return;
    const size = this.info!;
    this.o.unit({ ...au, capturedAt: at, width: size.width, height: size.height, ...(this.o.codec === 'h265' ? { codec: 'h265' as const } : {}) });
  }
}
