/**
 * The recorder as a reader of tracks (#56 item 5, as MediaMTX's recorder is one more reader of its stream): one
 * reader of the relay's own tracks of every recorded kind, following this node's cameras that record, each camera's
 * units of each kind through the every-unit policy with the recorder's byte bound (record-lane.ts: every unit, in
 * order), all to one entry `write(kind, unit)`. It reads to record (`records`): reading a camera's `h264` asks its
 * camera side for its stream with no live viewer's hurry (live-h264.ts), and its `sound` asks nothing of its own.
 */
import type { RecordingTrackReader } from '../relay/reader-ledger.js';
import { recordPolicy } from './record-lane.js';
import { RECORDED_KINDS, recordedSize, type RecordedKind, type RecordedTracks, type RecordedUnits } from './record-tracks.js';

/** Where the reader delivers: one entry for every kind. */
export type RecordedWrite = <K extends RecordedKind>(kind: K, unit: RecordedUnits[K]) => void;

export class RecordingReader implements RecordingTrackReader {
  readonly paused = false;
  readonly records = true;
  /** Units of each kind dropped in the lanes before the recorder took them. */
  readonly dropped = Object.fromEntries(RECORDED_KINDS.map((kind) => [kind, 0])) as Record<RecordedKind, number>;
  /** This node's cameras, as last told. */
  private here: readonly string[] = [];
  private cameras = new Set<string>();

  constructor(
    private readonly tracks: RecordedTracks,
    private readonly write: RecordedWrite,
    /** Whether a camera records now (its mode is not off). */
    private readonly recorded: (cameraId: string) => boolean = () => true,
  ) {}

  wants(cameraId: string): boolean {
    return this.cameras.has(cameraId);
  }

  /** This node's cameras now: those that record are read from now on, the others no longer. */
  follow(cameraIds: readonly string[]): void {
    this.here = cameraIds;
    this.refresh();
  }

  /** Which cameras record changed (an admin's change): reads those of this node's that do now. */
  refresh(): void {
    this.cameras = new Set(this.here.filter((id) => this.recorded(id)));
    for (const kind of RECORDED_KINDS) this.read(kind);
  }

  close(): void {
    this.cameras.clear();
    for (const kind of RECORDED_KINDS) this.tracks[kind].unsubscribe(this);
  }

  private read<K extends RecordedKind>(kind: K): void {
    // The recorder queues a unit at once (its own queue is bounded and counts its drops): done is said as it takes it.
    const sink = { write: (unit: RecordedUnits[K], done: () => void) => (this.write(kind, unit), done()) };
    const policy = recordPolicy<RecordedUnits[K]>({ sizeOf: (u) => recordedSize(kind, u), onDrop: () => this.dropped[kind]++ });
    (this.tracks[kind] as RecordedTracks[K]).subscribe(this, [...this.cameras], sink, {}, policy);
  }
}
