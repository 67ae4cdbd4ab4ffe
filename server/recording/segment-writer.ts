/**
 * A recorder's segment files: the one open (its sink, its record, its sidecar rewritten every 2 s)
 * and those still closing. A frame starts a new segment when the open one reached the segment
 * length, or when its size differs, but only once the open one is `minResizeMs` old: before, the
 * frame is refused (`size_change`), so frames alternating sizes cannot fork an encoder each. And a
 * camera starts at most `START_BURST` segments per `START_BURST` minimum lengths (`start_limit`), so
 * one that reconnects in a loop (each end closes its segment at once) cannot either.
 */
import { hostname } from 'node:os';
import { AudioTrack } from './audio-track.js';
import { avcConfig, lengthPrefixed } from '../../common/codec/avc.js';
import { hevcConfig } from '../../common/codec/hevc.js';
import { idOf, type EndReason, type SegmentRecord } from './segment-files.js';
import { asBuffer, type SegmentSink } from './segment-sink.js';
import type { Queued, RecorderDeps } from './recorder-types.js';
import type { RecordingFormat } from './settings.js';
import { scanMedia } from './media-scan.js';
import { own } from '../../common/own.js';

interface Open {
  record: SegmentRecord;
  sink: SegmentSink;
  /** A copy's SPS and PPS: a keyframe with others (the camera side's encoder changed) starts a new file. */
  avcC?: Buffer;
  sidecars: Promise<void>;
  sidecarAt: number;
  /** The segment's AAC track, when it was opened with one. */
  audio: AudioTrack | null;
}

/** A keyframe's parameter sets as the container carries them: avcC, or hvcC for H.265. */
function configOf(item: Queued): Buffer | null {
  const record = (item.h264?.codec === 'h265' ? hevcConfig : avcConfig)(item.jpeg);
  return record && asBuffer(record);
}

const WRITER = { host: hostname(), pid: process.pid };
/** An open segment's sidecar is rewritten this often, so a killed relay's index knows how far it got. */
const PROGRESS_MS = 2000;
/** One encoder per camera per this long at most, whatever sizes its frames come in. */
export const MIN_RESIZE_MS = 10_000;
/** Segment starts allowed in a row before one per minimum length: a camera reconnecting a few times is not cut. */
export const START_BURST = 6;

/**
 * What became of a frame: written, refused for its size or for too many starts, an H.264 access unit
 * that cannot start a segment (not a keyframe with its SPS and PPS: `uplink`), or the sink failed
 * (`failure` says why).
 */
export type WriteOutcome = 'written' | 'size_change' | 'start_limit' | 'uplink' | 'failed';

export class SegmentWriter {
  segments = 0;
  /** Segments started with an encoder, and by copy of the camera side's H.264. */
  readonly started = { encode: 0, copy: 0 };
  failure: string | null = null;
  private open: Open | null = null;
  /** When the latest segments started, at most START_BURST of them. */
  private readonly starts: number[] = [];
  private readonly closing = new Set<Promise<void>>();
  /** The camera's latest sound: a copy started while it comes gets an AAC track. */
  private readonly sound = AudioTrack.latest();

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
    if (item.aac) return this.writeAudio(item);
    const open = this.open;
    const key = !item.h264 || item.h264.keyframe;
    /** The open segment reached its length: the next one is the recorder's doing, not the camera's. */
    let scheduled = false;
    if (open && (open.sink.kind === 'copy') !== !!item.h264) {
      // Copy and encode switched (H.264 began, or stopped and the JPEGs are encoded): another file.
      this.end('rotate');
    } else if (open && key) {
      // H.264 is cut at keyframes only, and its size changes only there; the first 10 s rule is
      // there to stop encoder forks, and a copy of another size forks none.
      const age = item.at - open.record.start;
      const resized = item.width !== open.record.width || item.height !== open.record.height;
      if (resized && age < this.minLengthMs() && !item.h264) return 'size_change';
      const sets = item.h264 && open.avcC ? configOf(item) : null;
      const recoded = sets !== null && !sets.equals(open.avcC!);
      // The camera's sound began after this file did (a browser camera opens its microphone once asked): the next file has its track.
      const sound = open.sink.kind !== 'file' && !open.audio && this.sound.trackAt(item.at) !== null;
      if (resized || recoded || sound || age >= this.deps.segmentMs) {
        scheduled = !resized && !recoded && !sound;
        this.end('rotate');
      }
    }
    if (!this.open && !key) return 'uplink';
    // The start limit is against a camera that makes files (reconnects, size or encoder changes), not
    // against the segment length: a loaded box once stretched 25 s of frames into a seventh 5 s segment
    // inside 30 s, and the recorder refused 15 frames of a healthy camera.
    if (!this.open && !scheduled && this.starts.length === START_BURST && item.at - this.starts[0]! < START_BURST * this.minLengthMs()) return 'start_limit';
    const current = this.open ?? this.start(item, format, scheduled);
    if (!current) return this.failure ? 'failed' : 'uplink';
    const { record, sink } = current;
    const room = item.h264
      ? sink.write(item.at - record.start, asBuffer(lengthPrefixed(item.jpeg, item.h264.codec)), key)
      : sink.write(item.at - record.start, item.jpeg);
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

  /** An AAC frame goes into the open segment's track, or is dropped (no segment yet, no track, another config). */
  private async writeAudio(item: Queued): Promise<WriteOutcome> {
    this.sound.heard(item);
    const open = this.open;
    const ms = open?.audio?.accepts(item, open.record.start, (why) => this.deps.onError(why));
    if (!open || ms === undefined || ms === null) return 'written';
    const room = open.sink.writeAudio(ms, item.jpeg);
    if (open.sink.failure) {
      this.failure = open.sink.failure;
      return 'failed';
    }
    if (!room) await open.sink.drain();
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
      // A close that throws is the segment's error, said once; it must never reject into the event loop.
      await open.sink.close().catch((err: unknown) => this.deps.onError(`closing a segment failed: ${err instanceof Error ? err.message : String(err)}`));
      // A relay stopping ends its ffmpegs too (Ctrl-C reaches the whole process group: ffmpeg finishes its
      // file and exits 255): that is the relay going down, not a recording error.
      if (open.sink.failure && reason !== 'disk-full' && reason !== 'relay-down') open.record.endReason = 'error';
      // An ffmpeg that failed or was killed wrote fewer frames than it was handed: the record says what the file holds
      // (the scan repair.ts trusts), never more; the frames lost are counted as the recorder's errors are.
      if (open.sink.failure) await this.trueToFile(open.record, open.sink.failure);
      open.record.state = 'closed';
      this.saveSidecar(open);
      await open.sidecars;
      this.deps.onSegmentClosed(open.record);
    })().catch((err: unknown) => this.deps.onError(`finishing a segment failed: ${err instanceof Error ? err.message : String(err)}`));
    this.closing.add(done);
    own(
      done.finally(() => this.closing.delete(done)),
      (err) => this.deps.onError(err.message),
    );
  }

  /** A segment whose sink failed: its frames and end as its file holds them, and the frames it lacks said. */
  private async trueToFile(record: SegmentRecord, why: string): Promise<void> {
    const extent = await scanMedia(this.deps.files.mediaPath(record), record.format);
    const frames = Math.min(record.frames, extent?.frames ?? 0);
    if (frames === record.frames) return;
    this.deps.onError(`a segment's file holds ${frames} of the ${record.frames} frames sent to it (${why}): the rest are lost`);
    record.frames = frames;
    record.end = frames > 0 ? Math.min(record.end, record.start + extent!.endMs) : record.start;
  }

  /** Resolves when every ended segment's file and sidecar are on disk. */
  async settled(): Promise<void> {
    await Promise.all(this.closing);
  }

  private start(item: Queued, format: RecordingFormat, scheduled: boolean): Open | null {
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
    const avcC = item.h264 ? configOf(item) : undefined;
    // A keyframe without its parameter sets cannot start a file a player can open.
    if (avcC === null) return null;
    if (avcC) record.format = 'h264';
    // A copy or an encode (MP4) carries the sound heard; a Matroska file of JPEGs, none.
    const audio = avcC || record.format === 'h264' ? this.sound.trackAt(item.at) : null;
    if (audio) record.audio = audio.codec;
    const codec = item.h264?.codec;
    if (codec) record.codec = codec;
    let sink: SegmentSink;
    try {
      sink = this.deps.openSink(record.format, this.deps.files.mediaPath(record), item.width, item.height, avcC, audio?.mkv, codec);
    } catch (err) {
      this.failure = (err as Error).message;
      return null;
    }
    this.segments++;
    if (sink.kind !== 'file') this.started[sink.kind]++;
    if (!scheduled) {
      this.starts.push(item.at);
      if (this.starts.length > START_BURST) this.starts.shift();
    }
    this.open = { record, sink, avcC, sidecars: Promise.resolve(), sidecarAt: 0, audio };
    this.saveSidecar(this.open);
    return this.open;
  }

  private saveSidecar(open: Open): void {
    open.sidecarAt = this.now();
    const snapshot = { ...open.record };
    open.sidecars = open.sidecars.then(() => this.deps.files.writeSidecar(snapshot)).catch((err: Error) => this.deps.onError(err.message));
  }
}
