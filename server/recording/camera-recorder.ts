/**
 * One camera's recorder. Not a viewer: where a viewer keeps only the newest frame, the recorder keeps
 * every frame up to its fps cap, in a bounded queue whose overflow is dropped and counted, so a slow
 * disk or encoder costs recorded frames, never live ones. `offer()` runs inside the relay's ingest
 * and does O(1) work; writing happens in `pump()`, one segment file at a time.
 */
import { hostname } from 'node:os';
import type { Frame } from '../relay/frame.js';
import { FrameTiming } from './frame-timing.js';
import { idOf, type EndReason, type SegmentRecord } from './segment-files.js';
import type { SegmentSink } from './segment-sink.js';
import type { MotionSignal, RecorderDeps, RecorderDrop, RecorderState } from './recorder-types.js';
import type { CameraRecording } from './settings.js';

export type { MotionSignal, RecorderDeps, RecorderDrop, RecorderState };

interface Queued {
  at: number;
  jpeg: Buffer;
  width: number;
  height: number;
}
type Item = Queued | { close: EndReason };

interface Open {
  record: SegmentRecord;
  sink: SegmentSink;
  sidecars: Promise<void>;
  sidecarAt: number;
}

const WRITER = { host: hostname(), pid: process.pid };
/** An open segment's sidecar is rewritten this often, so a killed relay's index knows how far it got. */
const PROGRESS_MS = 2000;

export class CameraRecorder {
  readonly counts = { kept: 0, skipped: 0, segments: 0, dropped: { queue_full: 0, disk_full: 0, error: 0 } as Record<RecorderDrop, number> };
  private queue: Item[] = [];
  private preRoll: Queued[] = [];
  private open: Open | null = null;
  private pumping = false;
  private closing = new Set<Promise<void>>();
  private readonly timing = new FrameTiming();
  private lastFrameReceivedAt = 0;
  private motionActive = false;
  private postRollUntil: number | null = null;
  private failedUntil = 0;
  private lastError: string | null = null;
  private readonly now: () => number;

  constructor(
    readonly camera: string,
    private settings: CameraRecording,
    private readonly deps: RecorderDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  get config(): CameraRecording {
    return this.settings;
  }

  get state(): RecorderState {
    if (this.settings.mode === 'off') return 'off';
    if (this.deps.diskFull()) return 'disk-full';
    if (this.now() < this.failedUntil) return 'error';
    return this.open ? 'recording' : 'waiting';
  }

  get queued(): number {
    return this.queue.length;
  }

  get error(): string | null {
    return this.lastError;
  }

  /** Most frames waiting: two seconds at the cap, or the pre-roll and two seconds, at least 30. */
  get queueLimit(): number {
    return Math.max(30, Math.ceil(this.settings.fps * (2 + (this.settings.mode === 'motion' ? this.settings.preRollSeconds : 0))));
  }

  /** The segment being written, as of its last frame (its sidecar is up to 2 s behind). */
  get openSegment(): SegmentRecord | null {
    return this.open?.record ?? null;
  }

  /** A frame from the relay (this node's capture clients only). */
  offer(frame: Frame): void {
    if (this.settings.mode === 'off') return;
    this.lastFrameReceivedAt = frame.receivedAt;
    const at = this.timing.timeOf(frame);
    if (!this.timing.take(at, this.settings.fps)) {
      this.counts.skipped++;
      return;
    }
    const item: Queued = { at, jpeg: frame.jpeg, width: frame.meta.width, height: frame.meta.height };
    if (this.settings.mode === 'motion' && !this.motionActive) {
      this.preRoll.push(item);
      // Motion is confirmed a detection after it started, and the pre-roll counts from its start:
      // keep one detection interval more (and a little for late frames) than the pre-roll.
      const keepMs = this.settings.preRollSeconds * 1000 + 1000 / this.settings.motion.fps + 250;
      while (this.preRoll.length > 0 && this.preRoll[0]!.at < at - keepMs) this.preRoll.shift();
      return;
    }
    if (this.settings.mode === 'motion' && this.postRollUntil !== null && at > this.postRollUntil) {
      this.endMotion();
      this.preRoll.push(item);
      return;
    }
    this.enqueue(item);
  }

  /** Motion mode: the detector saw motion start or end (pre-roll, post-roll; the event log keeps the events). Ignored in the other modes. */
  motion(signal: MotionSignal): void {
    if (this.settings.mode !== 'motion') return;
    if (signal.type === 'start') {
      this.postRollUntil = null;
      if (this.motionActive) return;
      this.motionActive = true;
      const preRoll = this.preRoll.filter((i) => i.at >= signal.at - this.settings.preRollSeconds * 1000);
      this.preRoll = [];
      for (const item of preRoll) this.enqueue(item);
    } else if (this.motionActive) {
      this.postRollUntil = signal.at + this.settings.postRollSeconds * 1000;
    }
  }

  /** Called every second: ends a segment whose camera went silent, and a post-roll that ran out. */
  tick(): void {
    if (this.settings.mode === 'motion' && this.postRollUntil !== null && this.now() > this.postRollUntil + this.deps.silenceMs) this.endMotion();
    if (this.open && this.queue.length === 0 && this.now() - this.lastFrameReceivedAt > this.deps.silenceMs) this.closeAfterQueue('camera-offline');
  }

  /** New settings (an admin changed the mode): turning off ends the segment as `recording-off`. */
  configure(settings: CameraRecording): void {
    const was = this.settings;
    this.settings = settings;
    if (settings.mode !== was.mode || settings.format !== was.format) {
      this.preRoll = [];
      this.motionActive = false;
      this.postRollUntil = null;
      this.closeAfterQueue(settings.mode === 'off' ? 'recording-off' : 'rotate');
    }
  }

  /** Writes what is queued (for at most `graceMs`), ends the segment as `relay-down` (the relay is stopping) and waits for the files. */
  async close(graceMs = 5000): Promise<void> {
    this.closeAfterQueue('relay-down');
    this.settings = { ...this.settings, mode: 'off' };
    const deadline = Date.now() + graceMs;
    while ((this.pumping || this.queue.length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.endSegment('relay-down');
    await Promise.all(this.closing);
  }

  private endMotion(): void {
    this.motionActive = false;
    this.postRollUntil = null;
    this.closeAfterQueue('no-motion');
  }

  private enqueue(item: Queued): void {
    if (this.deps.diskFull()) {
      this.counts.dropped.disk_full++;
      this.closeAfterQueue('disk-full');
      return;
    }
    if (this.now() < this.failedUntil) {
      this.counts.dropped.error++;
      return;
    }
    if (this.queue.length >= this.queueLimit) {
      this.counts.dropped.queue_full++;
      return;
    }
    this.queue.push(item);
    this.pump();
  }

  private closeAfterQueue(reason: EndReason): void {
    const last = this.queue.at(-1);
    if (last && 'close' in last) return;
    if (!this.open && this.queue.length === 0) return;
    this.queue.push({ close: reason });
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      while (this.queue.length > 0) {
        const item = this.queue.shift()!;
        if ('close' in item) this.endSegment(item.close);
        else await this.write(item);
      }
      this.pumping = false;
    })();
  }

  private async write(item: Queued): Promise<void> {
    const open = this.open;
    if (open && (item.at - open.record.start >= this.deps.segmentMs || item.width !== open.record.width || item.height !== open.record.height)) {
      this.endSegment('rotate');
    }
    const current = this.open ?? this.startSegment(item);
    if (!current) return;
    const { record, sink } = current;
    const room = sink.write(item.at - record.start, item.jpeg);
    if (sink.failure) return this.failed(sink.failure);
    record.frames++;
    record.end = item.at + this.frameMs();
    this.counts.kept++;
    if (this.now() - current.sidecarAt >= PROGRESS_MS) this.saveSidecar(current);
    if (!room) await sink.drain();
  }

  private startSegment(item: Queued): Open | null {
    const { format } = this.settings;
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
      this.failed((err as Error).message);
      return null;
    }
    this.counts.segments++;
    this.open = { record, sink, sidecars: Promise.resolve(), sidecarAt: 0 };
    this.saveSidecar(this.open);
    return this.open;
  }

  private endSegment(reason: EndReason): void {
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

  private saveSidecar(open: Open): void {
    open.sidecarAt = this.now();
    const snapshot = { ...open.record };
    open.sidecars = open.sidecars.then(() => this.deps.files.writeSidecar(snapshot)).catch((err: Error) => this.deps.onError(err.message));
  }

  private failed(why: string): void {
    this.lastError = why;
    this.deps.onError(why);
    this.failedUntil = this.now() + (this.deps.retryMs ?? 5000);
    this.endSegment('error');
    this.queue = this.queue.filter((i) => 'close' in i);
  }

  private frameMs(): number {
    return Math.round(1000 / this.settings.fps);
  }
}
