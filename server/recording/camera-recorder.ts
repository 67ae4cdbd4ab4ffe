/**
 * One camera's recorder. Not a viewer: where a viewer keeps only the newest frame, the recorder keeps
 * every frame up to its fps cap, in a queue bounded in frames and bytes whose overflow is dropped and
 * counted, so a slow disk or encoder costs recorded frames, never live ones. Every kind it records comes in
 * by `write(kind, unit)` (recording-reader.ts) inside the relay's ingest and does O(1) work; writing happens in
 * the write queue's pump (write-queue.ts), through the segment writer.
 */
import type { PreRollStatus, RecordingSource } from '../../shared/recording-status.js';
import type { Frame } from '../relay/frame.js';
import { cameraBudget, MB, memoryCaps } from './byte-budget.js';
import { FrameTiming } from './frame-timing.js';
import { H264Intake, LATE_JPEG_MS, UPLINK_LATE_MS } from './h264-intake.js';
import { MotionGate } from './motion-gate.js';
import { PreRoll } from './pre-roll.js';
import type { AacUnit } from '../tracks/audio-lane.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { RecordedKind, RecordedUnits } from './record-tracks.js';
import type { SegmentRecord } from './segment-files.js';
import { SegmentWriter } from './segment-writer.js';
import { WriteQueue } from './write-queue.js';
import type { MotionSignal, RecorderDeps, RecorderDrop, RecorderState } from './recorder-types.js';
import { RECORDING_DEFAULTS, type CameraRecording } from './settings.js';

export type { MotionSignal, PreRollStatus, RecorderDeps, RecorderDrop, RecorderState };

export class CameraRecorder {
  readonly counts = {
    kept: 0,
    skipped: 0,
    dropped: { queue_full: 0, disk_full: 0, error: 0, size_change: 0, start_limit: 0, uplink: 0 } as Record<RecorderDrop, number>,
  };
  /** What passed the gate, on its way to the segment writer (write-queue.ts). */
  private readonly queue: WriteQueue;
  /** Motion mode's pre-roll and post-roll (motion-gate.ts). */
  private readonly gate: MotionGate;
  private readonly writer: SegmentWriter;
  private readonly timing = new FrameTiming();
  private readonly h264: H264Intake;
  private lastFrameReceivedAt = 0;
  private readonly now: () => number;

  constructor(
    readonly camera: string,
    private settings: CameraRecording,
    private readonly deps: RecorderDeps,
  ) {
    this.now = deps.now ?? Date.now;
    const memory = deps.memory ?? memoryCaps(RECORDING_DEFAULTS);
    const preRoll = new PreRoll(cameraBudget(memory.preRoll), { camera: memory.preRoll.cameraMb, all: memory.preRoll.all.limit / MB });
    this.gate = new MotionGate(preRoll, () => this.settings, { enqueue: (item) => this.queue.push(item), close: (why) => this.queue.closeAfter(why) });
    this.writer = new SegmentWriter(camera, deps, this.now);
    this.h264 = new H264Intake(this.now, (why) => deps.onFallback?.(why));
    this.queue = new WriteQueue({
      ...deps,
      writer: this.writer,
      bytes: cameraBudget(memory.queue),
      counts: this.counts,
      now: this.now,
      settings: () => this.settings,
      limit: () => this.queueLimit,
      lostH264: () => this.h264.lost(),
    });
  }

  /** Copy or encode, and why (recording by copy, docs/recording.md). */
  get source(): RecordingSource {
    const { uplinkBytes, note, fallbacks, mode, encoder } = this.h264;
    return { mode, note, encoder, uplinkBytes, fallbacks, encoders: this.writer.started.encode, copies: this.writer.started.copy };
  }

  get config(): CameraRecording {
    return this.settings;
  }

  get state(): RecorderState {
    if (this.settings.mode === 'off') return 'off';
    if (this.deps.diskFull()) return 'disk-full';
    if (this.queue.failing) return 'error';
    return this.writer.record ? 'recording' : 'waiting';
  }

  get queued(): number {
    return this.queue.length;
  }

  get queuedBytes(): number {
    return this.queue.bytes;
  }

  get segments(): number {
    return this.writer.segments;
  }

  get error(): string | null {
    return this.queue.error;
  }

  get preRollStatus(): PreRollStatus {
    const p = this.gate.preRoll;
    return { frames: p.frames, bytes: p.bytes, trimmed: p.trimmed, short: p.short };
  }

  /** Most frames waiting: two seconds at the cap, or the pre-roll and two seconds, at least 30 (and the byte caps). */
  get queueLimit(): number {
    return Math.max(30, Math.ceil(this.settings.fps * (2 + (this.settings.mode === 'motion' ? this.settings.preRollSeconds : 0))));
  }

  /** The segment being written, as of its last frame written to its sink (the file may be behind: see RecordingManager.openSegment). */
  get openSegment(): SegmentRecord | null {
    return this.writer.record;
  }

  /** One unit of the camera's `kind` (this node's capture clients only), as the recording reader delivers it. */
  write<K extends RecordedKind>(kind: K, unit: RecordedUnits[K]): void {
    if (kind === 'jpeg') this.jpeg(unit as Frame);
    else if (kind === 'h264') this.h264Unit(unit as H264Unit);
    else this.sound(unit as AacUnit);
  }

  /** The camera's capture client offers H.264 (handshake): its JPEGs are not encoded while it comes. */
  expectH264(): void {
    if (this.settings.mode !== 'off') this.h264.expect();
  }

  private jpeg(frame: Frame): void {
    if (this.settings.mode === 'off') return;
    this.lastFrameReceivedAt = frame.receivedAt;
    // Its H.264 is recorded instead: no encoder is started for the JPEGs (they still feed live and motion).
    if (!this.h264.jpegWanted(frame.meta.clockSynced && frame.receivedAt - frame.capturedAt >= LATE_JPEG_MS)) return;
    const at = this.timing.timeOf(frame);
    if (!this.timing.take(at, this.settings.fps)) {
      this.counts.skipped++;
      return;
    }
    this.gate.pass({ at, jpeg: frame.jpeg, width: frame.meta.width, height: frame.meta.height });
  }

  /**
   * One H.264 access unit from the camera side (Annex B, `meta.capturedAt` on the server clock). Every
   * one is kept (no fps cap: the GOP needs them all); after a hole in `seq` the open segment ends as
   * `uplink` and the units up to the next keyframe are dropped.
   */
  private h264Unit({ capture: meta, au: bytes, meta: { receivedAt } }: H264Unit): void {
    // Without the camera side's meta the unit came from another node: its camera is recorded there.
    if (this.settings.mode === 'off' || !meta) return;
    this.lastFrameReceivedAt = receivedAt;
    const au = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { hole, keep, joining } = this.h264.take(meta, au);
    if (hole) this.queue.closeAfter('uplink');
    if (!keep) {
      // Before a stream's first keyframe nothing was lost: skipped, as frames above the fps cap (#37 item 16).
      if (joining) this.counts.skipped++;
      else this.counts.dropped.uplink++;
      return;
    }
    const at = this.h264.timing.timeOf({ capturedAt: meta.capturedAt, receivedAt });
    const h264 = meta.codec === 'h265' ? { keyframe: meta.keyframe, codec: meta.codec } : { keyframe: meta.keyframe };
    this.gate.pass({ at, jpeg: au, width: meta.width, height: meta.height, h264 });
  }

  /**
   * One AAC frame or Opus packet, placed on the H.264's clock, or on the JPEGs' for a camera that sends no H.264 (a browser
   * camera's microphone, #40); before any picture: now, so its config is known when the first picture starts a file.
   */
  private sound({ meta, frame }: AacUnit): void {
    const at = this.h264.timing.placeOf(meta.capturedAt) ?? this.timing.placeOf(meta.capturedAt) ?? this.now();
    if (this.settings.mode !== 'off') this.gate.pass({ at, jpeg: frame, width: 0, height: 0, aac: meta });
  }

  /** Motion mode: the detector saw motion start or end (pre-roll, post-roll; the event log keeps the events). Ignored in the other modes. */
  motion(signal: MotionSignal): void {
    this.gate.motion(signal);
  }

  /** Called every second: ends a segment whose camera went silent, and a post-roll that ran out; a silent camera's pre-roll goes. */
  tick(): void {
    this.gate.tick(this.now(), this.deps.silenceMs);
    // H.264 on an open connection may be held up in the camera side's buffer or a backed-up link, and keeps its
    // capture times when it comes: its segment goes on then, or ends at an `uplink` hole (the connection's end closes it at once).
    if (this.now() - this.lastFrameReceivedAt <= (this.h264.streaming ? UPLINK_LATE_MS : this.deps.silenceMs)) return;
    this.gate.preRoll.clear();
    if (this.writer.record && this.queue.length === 0) this.queue.closeAfter('camera-offline');
  }

  /**
   * The camera's capture connection ended: what is queued is written and the segment closed at once
   * (ffmpeg finishes the file on its input's end), so its last moments play now, not after the
   * offline grace; the pre-roll is let go.
   */
  disconnected(): void {
    this.gate.preRoll.clear();
    this.h264.reset();
    this.queue.closeAfter('camera-offline');
  }

  /** The capture side says its camera is gone (an IP camera off, a webcam unplugged): the hole is the camera's, not the link's. */
  sourceLost(): void {
    this.gate.preRoll.clear();
    if (this.writer.record) this.queue.closeAfter('camera-offline');
  }

  /** New settings (an admin changed the mode): turning off ends the segment as `recording-off`. */
  configure(settings: CameraRecording): void {
    const was = this.settings;
    this.settings = settings;
    if (settings.mode !== was.mode || settings.format !== was.format) {
      this.gate.reset();
      this.queue.closeAfter(settings.mode === 'off' ? 'recording-off' : 'rotate');
    }
  }

  /** Writes what is queued (for at most `graceMs`), ends the segment as `relay-down` (the relay is stopping) and waits for the files. */
  async close(graceMs = 5000): Promise<void> {
    this.queue.closeAfter('relay-down');
    this.settings = { ...this.settings, mode: 'off' };
    this.gate.preRoll.clear();
    await this.queue.drained(graceMs);
    this.writer.end('relay-down');
    this.queue.drop();
    await this.writer.settled();
  }
}
