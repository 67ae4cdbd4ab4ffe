/**
 * Who reads which camera of one track, reader by reader (#56 item 1). A Track tells only a camera's first and last
 * reader (onRead), but its readers ask different things of the camera side: the recorder its stream with no live
 * viewer's hurry, a viewer or a listener at once. A track whose readers ask differently keeps this ledger, and is told
 * the first and the last reader of each need, so the demand follows who reads, not a setter per feature.
 */
import { Track, type TrackOptions, type TrackReader } from '../tracks/track.js';

/** What reading a camera asks of its camera side: `record` (a reader that records), `live` (any other). */
export type ReadNeed = 'record' | 'live';

/** A reader that reads to record (the recorder): it asks for the camera's stream, not for it live (demand's `h264Live`). */
export interface RecordingTrackReader extends TrackReader {
  readonly records: true;
}

/** The need a reader's reading asks. */
export function needOf(reader: TrackReader): ReadNeed {
  return (reader as Partial<RecordingTrackReader>).records === true ? 'record' : 'live';
}

/** Told when the first reader of a need comes to a camera (`on`), or the last one (`reader`) goes. */
export type NeedTold = (cameraId: string, need: ReadNeed, on: boolean, reader: TrackReader) => void;

export class ReaderLedger {
  /** The cameras each reader reads, as last settled. */
  private readonly reading = new Map<TrackReader, Set<string>>();
  /** Readers per `${need}\n${cameraId}`. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly told: NeedTold) {}

  /**
   * After `track` changed what `reader` reads (`named`: the cameras it may have started reading; those it read before
   * are looked at too): tells each need whose first reader came or last reader went.
   */
  settle(track: Pick<Track<unknown>, 'isReadBy'>, reader: TrackReader, named: Iterable<string>): void {
    const was = this.reading.get(reader) ?? new Set<string>();
    const now = new Set([...was, ...named].filter((id) => track.isReadBy(reader, id)));
    if (now.size > 0) this.reading.set(reader, now);
    else this.reading.delete(reader);
    const need = needOf(reader);
    for (const id of was) if (!now.has(id)) this.less(id, need, reader);
    for (const id of now) if (!was.has(id)) this.more(id, need, reader);
  }

  /** Readers of `need` reading `cameraId` now. */
  count(cameraId: string, need: ReadNeed): number {
    return this.counts.get(`${need}\n${cameraId}`) ?? 0;
  }

  private more(cameraId: string, need: ReadNeed, reader: TrackReader): void {
    const key = `${need}\n${cameraId}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n === 1) this.told(cameraId, need, true, reader);
  }

  private less(cameraId: string, need: ReadNeed, reader: TrackReader): void {
    const key = `${need}\n${cameraId}`;
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n > 0) return void this.counts.set(key, n);
    this.counts.delete(key);
    this.told(cameraId, need, false, reader);
  }
}

/** A Track that keeps a ledger of its readers: its owner is told the first and last reader of each need per camera. */
export class LedgerTrack<U> extends Track<U> {
  readonly ledger: ReaderLedger;

  constructor(o: TrackOptions<U>, told: NeedTold) {
    super(o);
    this.ledger = new ReaderLedger(told);
  }

  override subscribe(...args: Parameters<Track<U>['subscribe']>): void {
    super.subscribe(...args);
    this.ledger.settle(this, args[0], args[1]);
  }

  override read(...args: Parameters<Track<U>['read']>): void {
    super.read(...args);
    this.ledger.settle(this, args[0], [args[1]]);
  }

  override unsubscribe(reader: TrackReader): void {
    super.unsubscribe(reader);
    this.ledger.settle(this, reader, []);
  }
}
