/**
 * A camera's sound track as its stream readers describe it before the first byte (#41 with #40): RTSP's SDP, and the
 * init segment of stream.mp4 and HLS, each name the sound's codec and config up front. Known from the camera's first
 * sound frame (the camera side starts sound on demand), waited for a bounded time, then remembered per camera, so
 * only the first reader after a start waits, and readers asking at once share one wait. A camera whose sound is on
 * but that sent none in the wait (no microphone, or its sound not started yet) is described without sound; the probe
 * listens on for a while, so its next readers do not wait again and get the sound as soon as it comes.
 */
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import type { SoundViewer } from '../relay/sound-track.js';
import { audioTrackOf, type SoundSource } from './rtsp-sound.js';

export const SOUND_PROBE_DEFAULTS = {
  /** The wait for a camera's first sound frame, when its sound is on. */
  waitMs: 3000,
  /** After a wait that heard nothing, the probe listens this long more: its readers meanwhile get the picture only at once. */
  silentForMs: 60_000,
};

interface Listening {
  viewer: SoundViewer;
  answer: Promise<AudioTrack | null>;
  /** Settles the answer (a no-op once it is): null when the probe stops before any sound. */
  settle: (track: AudioTrack | null) => void;
  timers: NodeJS.Timeout[];
}

export class SoundProbe {
  /** Each camera's sound track as last heard (one entry per camera the relay has, so bounded by its cameras). */
  private readonly heard = new Map<string, AudioTrack>();
  /** Cameras being listened to: a wait, or the silent spell after one. */
  private readonly listening = new Map<string, Listening>();
  private readonly o: typeof SOUND_PROBE_DEFAULTS;

  constructor(
    private readonly source: SoundSource | undefined,
    options: Partial<typeof SOUND_PROBE_DEFAULTS> = {},
  ) {
    this.o = { ...SOUND_PROBE_DEFAULTS, ...options };
  }

  /** A reader met a frame of another track than described (the camera's sound changed): the next reader is offered it. */
  changed(cameraId: string, track: AudioTrack): void {
    this.heard.set(cameraId, track);
  }

  /** The camera's sound stopped (a reader went 3 s without a frame): the next reader waits for it again rather than be offered a dead track. */
  forget(cameraId: string): void {
    this.heard.delete(cameraId);
  }

  /** The camera's sound track when its sound is on: as last heard, else from its first frame within `waitMs`; null without. */
  track(cameraId: string): Promise<AudioTrack | null> {
    const source = this.source;
    if (!source?.allowed(cameraId)) return Promise.resolve(null);
    const known = this.heard.get(cameraId);
    if (known) return Promise.resolve(known);
    const already = this.listening.get(cameraId);
    if (already) return already.answer;
    const viewer: SoundViewer = { wants: (id) => id === cameraId, paused: false };
    const l: Listening = { viewer, answer: Promise.resolve(null), settle: () => {}, timers: [] };
    l.answer = new Promise((resolve) => {
      l.settle = resolve;
      l.timers.push(setTimeout(() => resolve(null), this.o.waitMs));
      l.timers.push(setTimeout(() => this.stop(cameraId, l), this.o.waitMs + this.o.silentForMs));
      source.subscribe(viewer, [cameraId], {
        write: (unit, done) => {
          done();
          const track = audioTrackOf(unit);
          this.heard.set(cameraId, track);
          resolve(track);
          // Out of the lane's write: unsubscribing inside it would close the lane writing.
          queueMicrotask(() => this.stop(cameraId, l));
        },
      });
    });
    for (const t of l.timers) t.unref();
    this.listening.set(cameraId, l);
    return l.answer;
  }

  /** Stops every wait and silent spell (the relay is closing). */
  close(): void {
    for (const [cameraId, l] of [...this.listening]) this.stop(cameraId, l);
  }

  private stop(cameraId: string, l: Listening): void {
    if (this.listening.get(cameraId) !== l) return;
    this.listening.delete(cameraId);
    for (const t of l.timers) clearTimeout(t);
    l.settle(null);
    this.source?.unsubscribe(l.viewer);
  }
}
