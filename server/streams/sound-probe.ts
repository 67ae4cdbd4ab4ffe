/**
 * A camera's sound track as its stream readers describe it before the first byte (#41 with #40): RTSP's SDP, and the
 * init segment of stream.mp4 and HLS, each name the sound's codec and config up front. Known from the camera's first
 * sound frame (the camera side starts sound on demand), waited for a bounded time, then remembered per camera, so
 * only the first reader after a start waits, and readers asking at once share one wait. A camera whose sound is on
 * but that sent none in the wait (no microphone, or its sound not started yet) is described without sound, and its
 * next readers for a while are too, at once. Listening asks the camera for its sound (and an IP camera's H.264 with
 * it), so the probe listens on only while some reader still reads the camera: the sound, should it come late, is
 * then taken for the next reader, and a camera nobody reads is asked for nothing.
 */
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import type { TrackReader } from '../tracks/track.js';
import { audioTrackOf, type SoundSource } from './rtsp-sound.js';

export const SOUND_PROBE_DEFAULTS = {
  /** The wait for a camera's first sound frame, when its sound is on. */
  waitMs: 3000,
  /** After a wait that heard nothing, readers get the picture only at once for this long. */
  silentForMs: 60_000,
  /** How often, after the wait, the probe looks whether anyone still reads the camera (else it stops listening). */
  checkEveryMs: 3000,
};

interface Listening {
  viewer: TrackReader;
  answer: Promise<AudioTrack | null>;
  /** Settles the answer (a no-op once it is): null when the probe stops before any sound. */
  settle: (track: AudioTrack | null) => void;
  timers: NodeJS.Timeout[];
}

export class SoundProbe {
  /** Each camera's sound track as last heard (one entry per camera the relay has, so bounded by its cameras). */
  private readonly heard = new Map<string, AudioTrack>();
  /** Cameras whose last wait heard nothing: until when their readers get the picture only at once (bounded likewise). */
  private readonly silentUntil = new Map<string, number>();
  /** Cameras being listened to: a wait, or the silent spell after one. */
  private readonly listening = new Map<string, Listening>();
  private readonly o: typeof SOUND_PROBE_DEFAULTS;

  /** `read(cameraId)`: whether some reader reads the camera now (its live H.264 is taken); the silent spell listens only then. */
  constructor(
    private readonly source: SoundSource | undefined,
    options: Partial<typeof SOUND_PROBE_DEFAULTS> = {},
    private readonly read: (cameraId: string) => boolean = () => true,
  ) {
    this.o = { ...SOUND_PROBE_DEFAULTS, ...options };
  }

  /** A reader met a frame of another track than described (the camera's sound changed): the next reader is offered it. */
  changed(cameraId: string, track: AudioTrack): void {
    this.heard.set(cameraId, track);
    this.silentUntil.delete(cameraId);
  }

  /** The camera's sound stopped (a reader went 3 s without a frame): the next reader waits for it again rather than be offered a dead track. */
  forget(cameraId: string): void {
    this.heard.delete(cameraId);
  }

  /** The camera's sound track when its sound is on: as last heard, else from its first frame within `waitMs`; null without. */
  track(cameraId: string): Promise<AudioTrack | null> {
    if (!this.source?.allowed(cameraId)) return Promise.resolve(null);
    const known = this.heard.get(cameraId);
    if (known) return Promise.resolve(known);
    const already = this.listening.get(cameraId);
    if (already) return already.answer;
    const left = (this.silentUntil.get(cameraId) ?? 0) - Date.now();
    // Heard nothing lately: answered at once, and listened to again while this reader (or another) reads the camera.
    if (left > 0) return this.listen(cameraId, 0, left);
    this.silentUntil.delete(cameraId);
    return this.listen(cameraId, this.o.waitMs, this.o.silentForMs);
  }

  /** Stops every wait and silent spell (the relay is closing). */
  close(): void {
    for (const [cameraId, l] of [...this.listening]) this.stop(cameraId, l);
  }

  /** Listens to the camera: answers with its first frame's track, or null after `waitMs`; listens on `silentMs` more while it is read. */
  private listen(cameraId: string, waitMs: number, silentMs: number): Promise<AudioTrack | null> {
    const viewer: TrackReader = { wants: (id) => id === cameraId, paused: false };
    const l: Listening = { viewer, answer: Promise.resolve(null), settle: () => {}, timers: [] };
    const check = () => {
      if (!this.read(cameraId)) this.stop(cameraId, l);
    };
    const keep = (t: NodeJS.Timeout) => l.timers.push(t.unref());
    l.answer = new Promise((resolve) => {
      l.settle = resolve;
      const silent = () => {
        resolve(null);
        if (!this.silentUntil.has(cameraId)) this.silentUntil.set(cameraId, Date.now() + silentMs);
        // Looked at from one period after the wait: a reader answered now starts taking the camera's H.264 just after.
        keep(setInterval(check, this.o.checkEveryMs));
      };
      if (waitMs > 0) keep(setTimeout(silent, waitMs));
      else silent();
      keep(setTimeout(() => this.stop(cameraId, l), waitMs + silentMs));
      this.source!.subscribe(viewer, [cameraId], {
        write: (unit, done) => {
          done();
          const track = audioTrackOf(unit);
          this.heard.set(cameraId, track);
          this.silentUntil.delete(cameraId);
          resolve(track);
          // Out of the lane's write: unsubscribing inside it would close the lane writing.
          queueMicrotask(() => this.stop(cameraId, l));
        },
      });
    });
    this.listening.set(cameraId, l);
    return l.answer;
  }

  private stop(cameraId: string, l: Listening): void {
    if (this.listening.get(cameraId) !== l) return;
    this.listening.delete(cameraId);
    for (const t of l.timers) clearTimeout(t);
    l.settle(null);
    this.source?.unsubscribe(l.viewer);
  }
}
