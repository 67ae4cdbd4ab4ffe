/**
 * Smaller JPEGs for the widths the relay demands (#28), made on the capture PC so the relay passes
 * them on instead of resizing: one long-lived ffmpeg per demanded width, fed the source's JPEGs,
 * started when a width is demanded and ended when it no longer is. A stopgap the one-ffmpeg,
 * many-outputs maker (capture-client/edge/) replaces; it is reached only through RungMakers.
 */
import { FfmpegTranscoder } from './ffmpeg-transcoder.js';
import type { SourceFrame } from './sources/source.js';

/** At most this many widths are made at once; past it, the narrowest are kept (tiles, motion). */
export const RUNG_MAKERS_MAX = 3;
/** Tiles are viewed small, where artefacts hide: the relay's own rungs use 70-78. */
const RUNG_QUALITY = 75;

export interface RungMakersOptions {
  ffmpegPath?: string;
  /** Tests: how a maker is built (a real FfmpegTranscoder by default). */
  maker?: (width: number, onJpeg: (jpeg: Buffer, from: SourceFrame | undefined) => void, onLost: () => void) => Maker;
}

/** What RungMakers needs of a maker: FfmpegTranscoder's push and close. */
export interface Maker {
  push(jpeg: Uint8Array, tag: SourceFrame): boolean;
  close(): Promise<void>;
}

export class RungMakers {
  private readonly makers = new Map<number, Maker>();

  /** `onRung` gets each JPEG made, with the width it was made for; `onDropped` each frame a maker had no room for. */
  constructor(
    private readonly options: RungMakersOptions,
    private readonly onRung: (frame: SourceFrame, rung: number) => void,
    private readonly onDropped: () => void = () => {},
  ) {}

  /** The widths made now. */
  get widths(): number[] {
    return [...this.makers.keys()];
  }

  /** Makes exactly these widths from now on (the narrowest RUNG_MAKERS_MAX): new ones start, others end. */
  setWidths(widths: readonly number[]): void {
    const wanted = new Set([...widths].sort((a, b) => a - b).slice(0, RUNG_MAKERS_MAX));
    for (const [width, maker] of this.makers) {
      if (wanted.has(width)) continue;
      this.makers.delete(width);
      void maker.close();
    }
    for (const width of wanted) {
      if (this.makers.has(width)) continue;
      // No ffmpeg here (a test-pattern run without it): the relay goes on resizing that width itself.
      try {
        this.makers.set(width, this.make(width));
      } catch {
        this.onDropped();
      }
    }
  }

  /** A source frame, for every width made; costs nothing while no width is demanded. */
  push(frame: SourceFrame): void {
    for (const maker of this.makers.values()) {
      try {
        if (!maker.push(frame.jpeg, frame)) this.onDropped();
      } catch {
        this.onDropped();
      }
    }
  }

  async close(): Promise<void> {
    const closing = [...this.makers.values()].map((m) => m.close());
    this.makers.clear();
    await Promise.all(closing);
  }

  private make(width: number): Maker {
    const onJpeg = (jpeg: Buffer, from: SourceFrame | undefined) => {
      // A maker ended for a width no longer demanded still gives out its last frames: not sent.
      if (this.makers.get(width) !== maker) return;
      this.onRung({ jpeg, capturedAt: from?.capturedAt ?? Date.now() }, width);
    };
    const build =
      this.options.maker ??
      ((w, on, lost) => new FfmpegTranscoder<SourceFrame>({ width: w, quality: RUNG_QUALITY, ffmpegPath: this.options.ffmpegPath }, on, lost));
    const maker: Maker = build(width, onJpeg, this.onDropped);
    return maker;
  }
}
