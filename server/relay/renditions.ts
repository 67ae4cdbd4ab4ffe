/**
 * Resized JPEGs of the cameras' frames, one line per (camera, rung) whose rung track someone reads
 * right now (fan-out.ts: the renditions read the native track for those cameras and publish into the
 * rung tracks). Each frame is resized once per rung whatever the number of viewers; nothing queues (while a
 * resize runs, the newest frame waits and a newer one replaces it, as in a viewer's slot); and a
 * rung nobody watches costs nothing, because frames are pushed only for the rungs asked for. A
 * line the camera side supplies (a JPEG sent at that rung) is passed on untouched and not resized
 * here, until the camera side has sent none for SUPPLIED_FRESH_MS: then the relay resizes again.
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
  /** Renditions the camera side made and the relay passed on untouched. */
  supplied: number;
  /** Times the camera side stopped supplying the rung and the relay took over resizing. */
  fallbacks: number;
}

/** A rung the camera side has not sent for this long is made here again (#28: within 2 s). */
export const SUPPLIED_FRESH_MS = 2000;

const COUNTED = ['made', 'dropped', 'failed', 'supplied', 'fallbacks'] as const;
const zeroCounts = (rung: string): RenditionCounts => ({ rung, made: 0, dropped: 0, failed: 0, supplied: 0, fallbacks: 0 });

class Line {
  private busy = false;
  private readonly waiting: NewestWins<Frame>;
  /** The newest rendition made, and the native frame it was made from. */
  latest: { source: Frame; rendition: Frame } | null = null;
  readonly counts: RenditionCounts;
  /** When the camera side last supplied this rung (null: never, or the relay took over since). */
  suppliedAt: number | null = null;

  constructor(
    private readonly rung: Rung,
    private readonly resize: Resize,
    private readonly ready: (rendition: Frame, source: Frame) => void,
  ) {
    this.counts = zeroCounts(rung.label);
    this.waiting = new NewestWins<Frame>(() => this.counts.dropped++);
  }

  /** A rendition the camera side made: handed on as it came, and no resize while such keep coming. */
  supply(rendition: Frame, source: Frame, now: number): void {
    this.suppliedAt = now;
    this.counts.supplied++;
    this.waiting.clear();
    this.latest = { source: rendition, rendition };
    this.ready(rendition, source);
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

export interface RenditionsOptions {
  now?: () => number;
  /** Told when the camera side stopped supplying a rung and the relay resizes it again. */
  onFallback?: (cameraId: string, rung: Rung, silentMs: number) => void;
}

export class Renditions {
  private readonly lines = new Map<string, Map<Rung, Line>>();
  private readonly now: () => number;

  /** `ready(rendition, source, rung)` hands each rendition to the viewers of that rung. */
  constructor(
    private readonly resize: Resize,
    private readonly ready: (rendition: Frame, source: Frame, rung: Rung) => void,
    private readonly options: RenditionsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** A native frame, for the rungs some viewer of its camera watches now and the camera side does not supply. */
  push(source: Frame, rungs: Iterable<Rung>): void {
    for (const rung of rungs) this.pushRung(source, rung);
  }

  /** A native frame for one rung (no list made per frame: fan-out.ts calls this for each rung track read). */
  pushRung(source: Frame, rung: Rung): void {
    const line = this.line(source.cameraId, rung);
    if (!this.supplied(line, source.cameraId, rung)) line.push(source);
  }

  /**
   * A rendition the camera side made at `rung` of `source`'s camera (`source`: its newest full
   * frame): passed on untouched to that rung's viewers. Never stored as the camera's frame.
   */
  supply(rendition: Frame, source: Frame, rung: Rung): void {
    this.line(source.cameraId, rung).supply(rendition, source, this.now());
  }

  /** The camera side's newest rendition at `rung` while it still supplies that rung, else null. */
  suppliedFrame(cameraId: string, rung: Rung): Frame | null {
    const line = this.lines.get(cameraId)?.get(rung);
    return line && this.supplied(line, cameraId, rung) ? line.latest!.rendition : null;
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

  /** The narrowest rendition the camera side still supplies for `cameraId` (motion detection decodes it), or null. */
  smallestSupplied(cameraId: string): Frame | null {
    let best: { width: number; frame: Frame } | null = null;
    for (const [rung, line] of this.lines.get(cameraId) ?? []) {
      const frame = this.supplied(line, cameraId, rung) ? line.latest!.rendition : null;
      if (frame && (!best || rung.width < best.width)) best = { width: rung.width, frame };
    }
    return best?.frame ?? null;
  }

  /** What each rung has cost and dropped, for metrics. */
  counts(): RenditionCounts[] {
    const byRung = new Map<string, RenditionCounts>();
    for (const lines of this.lines.values()) {
      for (const line of lines.values()) {
        const c = byRung.get(line.counts.rung) ?? zeroCounts(line.counts.rung);
        for (const k of COUNTED) c[k] += line.counts[k];
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

  /** The counts of one camera's rung (tests, and the log line of a fallback). */
  countsOf(cameraId: string, rung: Rung): RenditionCounts | null {
    return this.lines.get(cameraId)?.get(rung)?.counts ?? null;
  }

  /** True while the camera side supplies the line; the first time it has been silent too long, the relay takes over. */
  private supplied(line: Line, cameraId: string, rung: Rung): boolean {
    if (line.suppliedAt === null) return false;
    const silentMs = this.now() - line.suppliedAt;
    if (silentMs <= SUPPLIED_FRESH_MS) return true;
    line.suppliedAt = null;
    line.counts.fallbacks++;
    this.options.onFallback?.(cameraId, rung, silentMs);
    return false;
  }

  private line(cameraId: string, rung: Rung): Line {
    let lines = this.lines.get(cameraId);
    if (!lines) this.lines.set(cameraId, (lines = new Map()));
    let line = lines.get(rung);
    if (!line) lines.set(rung, (line = new Line(rung, this.resize, (rendition, source) => this.ready(rendition, source, rung))));
    return line;
  }
}
