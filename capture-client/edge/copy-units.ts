/**
 * The copying ffmpeg's stdout as access units (rtsp-copy.ts): delimited per picture, split, each
 * stamped with when its last bytes arrived here (the camera's own clock is not on the stream), and
 * held until ffmpeg's stream line gives their size. The last bytes, not the first: ffmpeg gives the
 * first slice of a multi-slice keyframe as soon as the next one begins and its last slice a frame later
 * (the GStreamer test camera's, measured), so a keyframe stamped by its first bytes came 1 ms after the
 * picture before it and 200 ms before the one after: a hitch at every keyframe in a recording, and a
 * hole in a browser's buffer. Its own file because it is pure bytes-to-units
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
  /** Stamps of the pictures complete and not yet split out, in order. */
  private readonly stamps: number[] = [];
  /** When the open picture's latest bytes came (null before the first picture). */
  private openAt: number | null = null;
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
    if (this.delimiter.openTook && this.openAt !== null) this.openAt = at;
    const begun = this.delimiter.pictures - before;
    if (begun > 0) {
      // The open picture is whole once the next begins; those begun and ended in this chunk ended now.
      if (this.openAt !== null) this.stamp(this.openAt);
      for (let n = begun - 1; n > 0; n--) this.stamp(at);
      this.openAt = at;
    }
    this.splitter.push(bytes, (au) => {
      const stamp = this.stamps.shift() ?? at;
      if (this.info) return this.emit(au, stamp);
      if (this.unsized.length < UNSIZED_MAX) this.unsized.push({ au, at: stamp });
    });
  }

  /** Strictly increasing: two pictures in one chunk are still two instants for the recorder. */
  private stamp(at: number): void {
    this.stamps.push((this.last = Math.max(at, this.last + 1)));
  }

  private emit(au: AccessUnit, at: number): void {
    if (!this.passes) return;
    const size = this.info!;
    this.o.unit({ ...au, capturedAt: at, width: size.width, height: size.height, ...(this.o.codec === 'h265' ? { codec: 'h265' as const } : {}) });
  }
}
