/**
 * H.264 at the widths live grid tiles watch (#30, the demand's `h264Widths`): per demanded width, an
 * H264Feed whose encoder scales the source's pictures in the same ffmpeg, with the encoder the full-size
 * stream picked; its units go up as `h264-rung`. One capture feeds them all: each takes the frames the
 * source already made. A width no longer demanded stops its encoder; its feed is kept, stopped, so its
 * `seq` keeps rising when it is demanded again (the relay refuses a seq that does not rise).
 */
import type { H264RungMeta } from '../shared/demand.js';
import type { SendResult } from '../common/capture/sender.js';
import { EdgeH264 } from './edge/edge-h264.js';
import type { H264Producer } from './edge/h264-producer.js';
import { H264Feed, type H264Port } from './h264-feed.js';
import type { SourceFrame } from './sources/source.js';

/** At most this many rung streams are encoded at once; past it, the narrowest are kept (a grid's tiles). */
export const H264_RUNGS_MAX = 3;
/** Feeds kept for widths demanded before; a relay asks from its short ladder, so this is never reached in practice. */
export const H264_RUNG_FEEDS_MAX = 8;

/** What the rungs need of the connection: the engine's H264Link. */
export interface H264RungLink extends Pick<H264Port, 'ready' | 'onConnection' | 'inFlightMax'> {
  sendRung(meta: H264RungMeta, au: Uint8Array): Promise<SendResult>;
}

export interface H264RungsOptions {
  /** The source's frame rate, which each stream's GOP (1 s) is counted in. */
  fps: number;
  ffmpegPath?: string;
  onError?: (err: Error) => void;
  /** Tests: how a rung's producer is built (an EdgeH264 scaling to `width` by default). */
  producer?: (width: number) => H264Producer;
}

export class H264Rungs {
  private readonly feeds = new Map<number, H264Feed>();
  private wanted: number[] = [];

  constructor(
    private readonly link: H264RungLink,
    private readonly opts: H264RungsOptions,
  ) {}

  /** The widths encoded now. */
  get widths(): number[] {
    return [...this.wanted];
  }

  /** True while some rung's encoder runs (or is still stopping). */
  get running(): boolean {
    return [...this.feeds.values()].some((f) => f.running);
  }

  /** Encodes exactly these widths from now on (the narrowest H264_RUNGS_MAX): new ones start at the next frame, others stop. */
  setWidths(widths: readonly number[]): void {
    const room = (w: number) => this.feeds.has(w) || this.feeds.size < H264_RUNG_FEEDS_MAX;
    this.wanted = [...new Set(widths)]
      .sort((a, b) => a - b)
      .slice(0, H264_RUNGS_MAX)
      .filter(room);
    for (const [width, feed] of this.feeds) if (!this.wanted.includes(width)) feed.setWanted(false);
    for (const width of this.wanted) this.feed(width).setWanted(true);
  }

  /** A source frame, for every rung encoded; costs nothing while none is demanded. */
  push(frame: SourceFrame): void {
    for (const width of this.wanted) this.feeds.get(width)?.push(frame);
  }

  async stop(): Promise<void> {
    this.wanted = [];
    await Promise.all([...this.feeds.values()].map((f) => f.stop()));
  }

  private feed(width: number): H264Feed {
    let feed = this.feeds.get(width);
    if (feed) return feed;
    const port: H264Port = {
      send: (meta, au) => this.link.sendRung({ ...meta, rung: width }, au),
      ready: () => this.link.ready(),
      onConnection: (l) => this.link.onConnection(l),
      inFlightMax: () => this.link.inFlightMax?.() ?? 4,
    };
    const producer = this.opts.producer?.(width) ?? new EdgeH264({ ffmpegPath: this.opts.ffmpegPath, rungWidth: width });
    feed = new H264Feed(producer, port, { fps: this.opts.fps, onError: this.opts.onError });
    this.feeds.set(width, feed);
    return feed;
  }
}
