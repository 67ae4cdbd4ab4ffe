/**
 * The HLS packagers of a relay's cameras: a camera's runs (a live H.264 viewer of it, relay/live-h264.ts,
 * its units segmented in memory by HlsSegmenter) only while someone fetched its playlist in the last
 * `idleMs`; then it stops watching and its segments go, so an idle camera costs nothing. With the relay's sound,
 * it listens to the camera too, and its segments carry the sound as a second track. Knows no HTTP.
 */
import { sameAudioTrack, type AudioTrack } from '../../common/codec/rtp-audio.js';
import type { AacUnit } from '../tracks/audio-lane.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LiveH264 } from '../relay/live-h264.js';
import type { TrackReader } from '../tracks/track.js';
import { RenderedPlaylist } from './hls-playlist.js';
import { HlsSegmenter, type SegmenterOptions } from './hls-segmenter.js';
import { audioTrackOf, type SoundSource } from './rtsp-sound.js';
import type { SoundProbe } from './sound-probe.js';

export const PACKAGER_DEFAULTS = {
  /** A packager whose playlist nobody fetched for this long stops; a reader not seen for this long is not counted. */
  idleMs: 30_000,
  /** How often idle packagers are looked for. */
  checkEveryMs: 5000,
  /** Readers remembered per camera at most (a bounded map whoever asks). */
  maxReaders: 1000,
  /** Requests waiting at once per camera at most (blocking playlist reloads, preload-hinted parts, first fetches); past it, 503. */
  maxWaiting: 100,
};

export type PackagerOptions = typeof PACKAGER_DEFAULTS & {
  now: () => number;
  segmenter: Partial<SegmenterOptions>;
  /** The cameras' sound: absent, segments carry the picture only. */
  sound?: { probe: Pick<SoundProbe, 'track' | 'changed' | 'forget'>; source: SoundSource };
};

interface Packager {
  cameraId: string;
  key: string;
  segmenter: HlsSegmenter;
  lastFetched: number;
  /** Reader → when it last fetched the playlist. */
  readers: Map<string, number>;
  /** Called when a part or segment is finished, and when the packager stops (requests waiting for one). */
  waiters: Set<() => void>;
  /** Its listener of the camera's sound, once it started. */
  listener: TrackReader | null;
}

export class HlsPackagers {
  private readonly o: PackagerOptions;
  private readonly packagers = new Map<string, Packager>();
  /** Each segmenter's playlist as last rendered (gone with the segmenter, even one a request still holds after its packager stopped). */
  private readonly rendered = new WeakMap<HlsSegmenter, RenderedPlaylist>();
  private readonly timer: NodeJS.Timeout;
  private started = 0;

  constructor(
    private readonly live: Pick<LiveH264, 'watch' | 'unwatch'>,
    options: Partial<PackagerOptions> = {},
    private readonly onStop: (cameraId: string, made: number) => void = () => {},
  ) {
    this.o = { ...PACKAGER_DEFAULTS, now: Date.now, segmenter: {}, ...options };
    this.timer = setInterval(() => this.sweep(), this.o.checkEveryMs);
    this.timer.unref();
  }

  /** A playlist fetch by `reader`: starts the camera's packager if none runs, and keeps it `idleMs` more. */
  touch(cameraId: string, reader: string): HlsSegmenter {
    const now = this.o.now();
    let p = this.packagers.get(cameraId);
    if (!p) {
      p = {
        cameraId,
        key: `hls:${++this.started}`,
        segmenter: new HlsSegmenter(this.o.segmenter),
        lastFetched: now,
        readers: new Map(),
        waiters: new Set(),
        listener: null,
      };
      this.packagers.set(cameraId, p);
      this.start(p);
    }
    p.lastFetched = now;
    p.readers.delete(reader);
    p.readers.set(reader, now);
    // Oldest first (insertion order, refreshed above): past the bound the longest unseen goes.
    if (p.readers.size > this.o.maxReaders) p.readers.delete(p.readers.keys().next().value!);
    return p.segmenter;
  }

  /** The segments of a camera's running packager, without keeping it. */
  get(cameraId: string): HlsSegmenter | undefined {
    return this.packagers.get(cameraId)?.segmenter;
  }

  /** The playlist of `segmenter` for a reader's `query`: rendered once per change, the same bytes for every reader woken by it. */
  playlist(segmenter: HlsSegmenter, query: string): Buffer {
    let r = this.rendered.get(segmenter);
    if (!r) this.rendered.set(segmenter, (r = new RenderedPlaylist()));
    return r.bytes(segmenter, query);
  }

  /** Playlists rendered for `cameraId`'s running packager so far. */
  renders(cameraId: string): number {
    const s = this.get(cameraId);
    return (s && this.rendered.get(s)?.renders) ?? 0;
  }

  /** True once the camera's packager has a finished segment; false after `ms`, if it stopped meanwhile, or if too many wait. */
  async ready(cameraId: string, ms: number): Promise<boolean> {
    return (await this.until(cameraId, (s) => s.segments.length > 0, ms)) === true;
  }

  /**
   * Waits until `check` holds for the camera's segments (looked at again after each part and segment): true; false
   * after `ms`, when `signal` aborts (the reader left) or the packager stops; 'busy' when `maxWaiting` requests wait already.
   */
  until(cameraId: string, check: (s: HlsSegmenter) => boolean, ms: number, signal?: AbortSignal): Promise<boolean | 'busy'> {
    const p = this.packagers.get(cameraId);
    if (!p) return Promise.resolve(false);
    if (check(p.segmenter)) return Promise.resolve(true);
    if (p.waiters.size >= this.o.maxWaiting) return Promise.resolve('busy');
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timeout);
        p.waiters.delete(look);
        signal?.removeEventListener('abort', gone);
        resolve(value);
      };
      const look = () => {
        const live = this.packagers.get(cameraId) === p;
        if (!live || check(p.segmenter)) finish(live);
      };
      const gone = () => finish(false);
      const timeout = setTimeout(() => finish(this.packagers.get(cameraId) === p && check(p.segmenter)), ms);
      p.waiters.add(look);
      signal?.addEventListener('abort', gone, { once: true });
    });
  }

  /** Requests waiting now, all cameras. */
  get waiting(): number {
    let n = 0;
    for (const p of this.packagers.values()) n += p.waiters.size;
    return n;
  }

  /** Readers seen in the last `idleMs`, by camera. */
  readers(): Map<string, number> {
    const now = this.o.now();
    const out = new Map<string, number>();
    for (const p of this.packagers.values()) {
      let n = 0;
      for (const at of p.readers.values()) if (now - at < this.o.idleMs) n++;
      if (n > 0) out.set(p.cameraId, n);
    }
    return out;
  }

  /** Bytes the packagers hold now. */
  get bytes(): number {
    let n = 0;
    for (const p of this.packagers.values()) n += p.segmenter.bytes;
    return n;
  }

  /** Cameras with a running packager. */
  get running(): string[] {
    return [...this.packagers.keys()];
  }

  /** Stops the packagers nobody fetched for `idleMs`, and forgets readers not seen as long. */
  sweep(): void {
    const now = this.o.now();
    for (const p of [...this.packagers.values()]) {
      if (now - p.lastFetched >= this.o.idleMs) this.stop(p);
      else for (const [reader, at] of p.readers) if (now - at >= this.o.idleMs) p.readers.delete(reader);
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const p of [...this.packagers.values()]) this.stop(p);
  }

  private start(p: Packager): void {
    const sound = this.o.sound;
    if (!sound) return this.begin(p, null);
    // The init segment names the sound's track: known at once once heard, else after the camera's first frame (≤ 3 s).
    // Should the start fail (it has no I/O to fail on), the packager stops: the next playlist fetch starts another.
    sound.probe
      .track(p.cameraId)
      .then((track) => this.begin(p, track))
      .catch(() => this.stop(p));
  }

  private begin(p: Packager, track: AudioTrack | null): void {
    if (this.packagers.get(p.cameraId) !== p) return;
    const wake = (had: number) => {
      if (p.segmenter.partsMade !== had) for (const w of [...p.waiters]) w();
    };
    /** The sound track last heard (or offered): a frame of another is news for the probe. */
    let last = track;
    // Taken at once (done() right away): the lane never backs up, and the window's cap bounds what is held.
    const write = (unit: H264Unit, done: () => void) => {
      const had = p.segmenter.partsMade;
      const gone = p.segmenter.soundsGone;
      const { meta, au } = unit;
      p.segmenter.push({ au, keyframe: meta.keyframe, width: meta.width, height: meta.height, capturedAt: meta.capturedAt });
      // The sound stopped: the next reader of any stream waits for it again rather than be offered a dead track.
      if (p.segmenter.soundsGone !== gone) {
        this.o.sound?.probe.forget(p.cameraId);
        last = null;
      }
      wake(had);
      done();
    };
    p.segmenter.withSound(track, this.o.now());
    this.live.watch(p.key, p.cameraId, { write });
    const sound = this.o.sound;
    if (!sound) return;
    // Listening even when the probe heard nothing: sound turned on later starts a new init segment with it.
    p.listener = { wants: (id) => id === p.cameraId, paused: false };
    sound.source.subscribe(p.listener, [p.cameraId], {
      write: (unit: AacUnit, done) => {
        done();
        const had = p.segmenter.partsMade;
        const heard = audioTrackOf(unit);
        // A track the probe did not offer (the sound came or changed): the next reader of RTSP or stream.mp4 is offered it.
        if (last === null || !sameAudioTrack(heard, last)) sound.probe.changed(p.cameraId, (last = heard));
        p.segmenter.pushSound({ frame: unit.frame, capturedAt: unit.meta.capturedAt }, heard);
        wake(had);
      },
    });
  }

  private stop(p: Packager): void {
    if (this.packagers.get(p.cameraId) !== p) return;
    this.packagers.delete(p.cameraId);
    this.live.unwatch(p.key, p.cameraId);
    if (p.listener) this.o.sound?.source.unsubscribe(p.listener);
    for (const w of [...p.waiters]) w();
    this.onStop(p.cameraId, p.segmenter.made);
  }
}
