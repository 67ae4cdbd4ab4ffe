/**
 * A recorder's segment files: the one open (its sink, its record, its sidecar rewritten every 2 s)
 * and those still closing. A frame starts a new segment when the open one reached the segment
 * length, or when its size differs, but only once the open one is `minResizeMs` old: before, the
 * frame is refused (`size_change`), so frames alternating sizes cannot fork an encoder each. And a
 * camera starts at most `START_BURST` segments per `START_BURST` minimum lengths (`start_limit`), so
 * one that reconnects in a loop (each end closes its segment at once) cannot either.
 */
import { hostname } from 'node:os';
import { idOf, type EndReason, type SegmentRecord } from './segment-files.js';
import type { SegmentSink } from './segment-sink.js';
import type { Queued, RecorderDeps } from './recorder-types.js';
import type { RecordingFormat } from './settings.js';

interface Open {
  record: SegmentRecord;
  sink: SegmentSink;
  sidecars: Promise<void>;
  sidecarAt: number;
}

const WRITER = { host: hostname(), pid: process.pid };
/** An open segment's sidecar is rewritten this often, so a killed relay's index knows how far it got. */
const PROGRESS_MS = 2000;
/** One encoder per camera per this long at most, whatever sizes its frames come in. */
export const MIN_RESIZE_MS = 10_000;
/** Segment starts allowed in a row before one per minimum length: a camera reconnecting a few times is not cut. */
export const START_BURST = 6;

/** What became of a frame: written, refused for its size or for too many starts, or the sink failed (`failure` says why). */
export type WriteOutcome = 'written' | 'size_change' | 'start_limit' | 'failed';

export class SegmentWriter {
  segments = 0;
  failure: string | null = null;
  private open: Open | null = null;
  /** When the latest segments started, at most START_BURST of them. */
  private readonly starts: number[] = [];
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly camera: string,
    private readonly deps: RecorderDeps,
    private readonly now: () => number,
  ) {}

  /** The segment being written, as of its last frame (its sidecar is up to 2 s behind). */
  get record(): SegmentRecord | null {
    return this.open?.record ?? null;
  }

  async write(item: Queued, format: RecordingFormat, frameMs: number): Promise<WriteOutcome> {
    const open = this.open;
    if (open) {
      const age = item.at - open.record.start;
      const resized = item.width !== open.record.width || item.height !== open.record.height;
      if (resized && age < this.minLengthMs()) return 'size_change';
      if (resized || age >= this.deps.segmentMs) this.end('rotate');
    }
    if (!this.open && this.starts.length === START_BURST && item.at - this.starts[0]! < START_BURST * this.minLengthMs()) return 'start_limit';
    const current = this.open ?? this.start(item, format);
    if (!current) return 'failed';
    const { record, sink } = current;
    const room = sink.write(item.at - record.start, item.jpeg);
    if (sink.failure) {
      this.failure = sink.failure;
      return 'failed';
    }
    record.frames++;
    record.end = item.at + frameMs;
    if (this.now() - current.sidecarAt >= PROGRESS_MS) this.saveSidecar(current);
    if (!room) await sink.drain();
    return 'written';
  }

  /** The shortest a segment is made to be: 10 s, or the segment length if shorter. */
  private minLengthMs(): number {
    return Math.min(this.deps.minResizeMs ?? MIN_RESIZE_MS, this.deps.segmentMs);
  }

  /** Ends the open segment: its file is finished in the background (`settled()` waits for it). */
  end(reason: EndReason): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    open.record.endReason = reason;
    const done = (async () => {
      await open.sink.close();
      if (open.sink.failure && reason !== 'disk-full') open.record.endReason = 'error';
      open.record.state = 'closed';
      this.saveSidecar(open);
      await open.sidecars;
      this.deps.onSegmentClosed(open.record);
    })();
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
  }

  /** Resolves when every ended segment's file and sidecar are on disk. */
  async settled(): Promise<void> {
    await Promise.all(this.closing);
  }

  private start(item: Queued, format: RecordingFormat): Open | null {
    const record: SegmentRecord = {
      id: idOf(item.at),
      camera: this.camera,
      start: item.at,
      end: item.at,
      frames: 0,
      bytes: 0,
      format,
      width: item.width,
      height: item.height,
      state: 'open',
      endReason: null,
      writer: WRITER,
    };
    let sink: SegmentSink;
    try {
      sink = this.deps.openSink(format, this.deps.files.mediaPath(record), item.width, item.height);
    } catch (err) {
      this.failure = (err as Error).message;
      return null;
    }
    this.segments++;
    this.starts.push(item.at);
    if (this.starts.length > START_BURST) this.starts.shift();
    this.open = { record, sink, sidecars: Promise.resolve(), sidecarAt: 0 };
    this.saveSidecar(this.open);
    return this.open;
  }

  private saveSidecar(open: Open): void {
    open.sidecarAt = this.now();
    const snapshot = { ...open.record };
    open.sidecars = open.sidecars.then(() => this.deps.files.writeSidecar(snapshot)).catch((err: Error) => this.deps.onError(err.message));
  }
}
