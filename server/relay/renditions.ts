/**
 * Resized JPEGs of the cameras' frames, one line per (camera, rung) that some viewer watches right
 * now. Each frame is resized once per rung whatever the number of viewers; nothing queues (while a
 * resize runs, the newest frame waits and a newer one replaces it, as in a viewer's slot); and a
 * rung nobody watches costs nothing, because frames are pushed only for the rungs asked for.
 */
import { NewestWins } from '../../common/newest-wins.js';
import type { Frame } from './frame.js';
import type { Rung } from './rungs.js';

/** Makes one rendition: `width` wide (height kept in proportion) at JPEG `quality`. Runs off the event loop (sharp). */
export type Resize = (jpeg: Buffer, width: number, quality: number) => Promise<{ jpeg: Buffer; width: number; height: number }>;

export interface RenditionCounts {
  /** The rung's label (`640`, `320-q40`). */
  rung: string;
  /** Renditions made. */
  made: number;
  /** Frames replaced by a newer one while the resizer was busy. */
  dropped: number;
  /** Frames the resizer could not decode. */
  failed: number;
}

class Line {
  private busy = false;
  private readonly waiting: NewestWins<Frame>;
  /** The newest rendition made, and the native frame it was made from. */
  latest: { source: Frame; rendition: Frame } | null = null;
  readonly counts: RenditionCounts;

  constructor(
    private readonly rung: Rung,
    private readonly resize: Resize,
    private readonly ready: (rendition: Frame, source: Frame) => void,
  ) {
    this.counts = { rung: rung.label, made: 0, dropped: 0, failed: 0 };
    this.waiting = new NewestWins<Frame>(() => this.counts.dropped++);
  }

  push(source: Frame): void {
    if (this.busy) return this.waiting.put(source);
    this.busy = true;
    this.resize(source.jpeg, this.rung.width, this.rung.quality).then(
      (out) => {
        this.counts.made++;
        const rendition: Frame = { ...source, jpeg: out.jpeg, meta: { ...source.meta, width: out.width, height: out.height } };
        this.latest = { source, rendition };
        this.ready(rendition, source);
        this.next();
      },
      () => {
        // A frame the checks let through but libvips cannot decode: that frame is lost, not the line.
        this.counts.failed++;
        this.next();
      },
    );
  }

  private next(): void {
    this.busy = false;
    const source = this.waiting.take();
    if (source) this.push(source);
  }
}

export class Renditions {
  private readonly lines = new Map<string, Map<Rung, Line>>();

  /** `ready(rendition, source, rung)` hands each rendition to the viewers of that rung. */
  constructor(
    private readonly resize: Resize,
    private readonly ready: (rendition: Frame, source: Frame, rung: Rung) => void,
  ) {}

  /** A native frame, for the rungs some viewer of its camera watches now. */
  push(source: Frame, rungs: Iterable<Rung>): void {
    for (const rung of rungs) this.line(source.cameraId, rung).push(source);
  }

  /** The rendition of exactly `source` at `rung` if it was made, for a viewer that needs it again. */
  madeFrom(source: Frame, rung: Rung): Frame | null {
    const latest = this.lines.get(source.cameraId)?.get(rung)?.latest;
    return latest?.source === source ? latest.rendition : null;
  }

  /** The rendition of `source` at `rung`: the one made if there is one, else made now (snapshots). */
  async of(source: Frame, rung: Rung): Promise<Frame> {
    const made = this.madeFrom(source, rung);
    if (made) return made;
    const out = await this.resize(source.jpeg, rung.width, rung.quality);
    return { ...source, jpeg: out.jpeg, meta: { ...source.meta, width: out.width, height: out.height } };
  }

  /** What each rung has cost and dropped, for metrics. */
  counts(): RenditionCounts[] {
    const byRung = new Map<string, RenditionCounts>();
    for (const lines of this.lines.values()) {
      for (const line of lines.values()) {
        const c = byRung.get(line.counts.rung) ?? { rung: line.counts.rung, made: 0, dropped: 0, failed: 0 };
        c.made += line.counts.made;
        c.dropped += line.counts.dropped;
        c.failed += line.counts.failed;
        byRung.set(c.rung, c);
      }
    }
    // Narrowest first; the low-quality rung before its width's.
    return [...byRung.values()].sort((a, b) => parseInt(a.rung, 10) - parseInt(b.rung, 10) || b.rung.length - a.rung.length);
  }

  /** A camera left: its lines and their newest renditions go. */
  forget(cameraId: string): void {
    this.lines.delete(cameraId);
  }

  private line(cameraId: string, rung: Rung): Line {
    let lines = this.lines.get(cameraId);
    if (!lines) this.lines.set(cameraId, (lines = new Map()));
    let line = lines.get(rung);
    if (!line) lines.set(rung, (line = new Line(rung, this.resize, (rendition, source) => this.ready(rendition, source, rung))));
    return line;
  }
}
