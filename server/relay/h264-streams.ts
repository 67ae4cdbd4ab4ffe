/**
 * The H.264 streams of cameras this node keeps (live-h264.ts's seam, #56 item 8), and what each asks of its camera
 * side (demand.ts): a stream is kept while some reader reads its track, asked for live while a viewer (here or on another
 * node) reads it and for `RELEASE_MS` after the last viewer here left, so a tab that flips does not restart the camera
 * side's encoder; asked for with no live hurry while only the recorder reads it. When nobody reads it, its GOP goes.
 */
import type { TrackReader } from '../tracks/track.js';
import type { Demand } from './demand.js';
import type { ReadNeed } from './reader-ledger.js';

/** A camera's demand for live H.264 outlives its last live viewer this long. */
export const RELEASE_MS = 10_000;

/** One H.264 stream of a camera kept here: its full-size one (`rung` null) or one rung's, read now or within `RELEASE_MS`. */
export interface Stream {
  cameraId: string;
  rung: number | null;
  codec: string | null;
  /** Asked for live: a viewer reads it, or did within `RELEASE_MS`. */
  live: boolean;
  release: ReturnType<typeof setTimeout> | null;
  /** When the camera side last sent a unit of this stream. */
  lastUnitAt: number;
  /** When a viewer here last left it: a release delay another node's reader outlives is kept from then. */
  localLeftAt: number;
}

/** A stream's key: `cameraId` for the full-size stream, `cameraId@width` for a rung's. */
export const streamKey = (cameraId: string, rung: number | null) => (rung === null ? cameraId : `${cameraId}@${rung}`);

export interface H264StreamsDeps {
  demand: Demand;
  now: () => number;
  /** Readers of `need` reading the stream's track now (its ledger, reader-ledger.ts). */
  readers: (cameraId: string, rung: number | null, need: ReadNeed) => number;
  /** Whether `reader` is a viewer of this node (any other live reader, the track bus's, reads for other nodes). */
  own: (reader: TrackReader) => boolean;
  /** Nobody reads the stream any more: its track forgets the camera's GOP. */
  forget: (cameraId: string, rung: number | null) => void;
}

export class H264Streams {
  private readonly kept = new Map<string, Stream>();

  constructor(private readonly deps: H264StreamsDeps) {}

  /** The stream while it is kept. */
  get(cameraId: string, rung: number | null): Stream | undefined {
    return this.kept.get(streamKey(cameraId, rung));
  }

  /** The stream by its key (`streamKey`) while it is kept. */
  byKey(key: string): Stream | undefined {
    return this.kept.get(key);
  }

  /** The stream, kept from now on if it was not. */
  open(cameraId: string, rung: number | null): Stream {
    const key = streamKey(cameraId, rung);
    let cam = this.kept.get(key);
    if (!cam) this.kept.set(key, (cam = { cameraId, rung, codec: null, live: false, release: null, lastUnitAt: -Infinity, localLeftAt: -Infinity }));
    return cam;
  }

  /** The streams kept live now (some viewer takes them, or did within `RELEASE_MS`), as [cameraId, rung]. */
  live(): Array<[cameraId: string, rung: number | null]> {
    return [...this.kept.values()].filter((c) => c.live).map((c) => [c.cameraId, c.rung]);
  }

  /** The track's ledger: the first reader of a need came to a camera, or the last went. Only the full-size stream is recorded. */
  told(cameraId: string, rung: number | null, need: ReadNeed, on: boolean, reader: TrackReader): void {
    if (need === 'record' && rung === null) this.recorded(cameraId, on);
    else this.read(cameraId, rung, on, reader);
  }

  /** Asked for live now, a release under way called off (a viewer read it again before its delay ran out). */
  retain(cam: Stream): void {
    if (cam.release) clearTimeout(cam.release);
    cam.release = null;
    cam.live = true;
    this.want(cam, true);
  }

  /** A viewer here left the stream. */
  left(cameraId: string, rung: number | null): void {
    const cam = this.get(cameraId, rung);
    if (cam) cam.localLeftAt = this.deps.now();
  }

  close(): void {
    for (const cam of this.kept.values()) if (cam.release) clearTimeout(cam.release);
    this.kept.clear();
  }

  /**
   * The track's first live reader of a camera came: asked for at once. Its last went: let go `RELEASE_MS` after a viewer
   * here left; when another node's reader (the track bus) was the last, that node kept it `RELEASE_MS` already.
   */
  private read(cameraId: string, rung: number | null, on: boolean, reader: TrackReader): void {
    if (on) return this.retain(this.open(cameraId, rung));
    const cam = this.get(cameraId, rung);
    if (!cam || cam.release) return;
    const now = this.deps.now();
    const wait = (this.deps.own(reader) ? now : cam.localLeftAt) + RELEASE_MS - now;
    if (wait <= 0) return this.release(cam);
    cam.release = setTimeout(() => {
      cam.release = null;
      if (this.deps.readers(cameraId, rung, 'live') === 0) this.release(cam);
    }, wait);
    cam.release.unref?.();
  }

  /** The first reader that records the camera came (asked for its stream, with no live hurry), or the last went. */
  private recorded(cameraId: string, on: boolean): void {
    this.deps.demand.read(cameraId, 'recorder', on ? { track: 'h264', live: false } : null);
    const cam = on ? this.open(cameraId, null) : this.get(cameraId, null);
    if (!on && cam && !cam.live) this.forget(cam);
  }

  /** No viewer here or elsewhere reads the stream: the camera is no longer asked for it live, and unless recorded it goes. */
  private release(cam: Stream): void {
    cam.live = false;
    this.want(cam, false);
    if (this.deps.readers(cam.cameraId, cam.rung, 'record') === 0) this.forget(cam);
  }

  private forget(cam: Stream): void {
    this.kept.delete(streamKey(cam.cameraId, cam.rung));
    this.deps.forget(cam.cameraId, cam.rung);
  }

  private want(cam: Stream, wanted: boolean): void {
    const { demand } = this.deps;
    if (cam.rung === null) demand.read(cam.cameraId, 'live viewers', wanted ? { track: 'h264', live: true } : null);
    else demand.read(cam.cameraId, `live viewers at ${cam.rung}`, wanted ? { track: 'h264', width: cam.rung } : null);
  }
}
