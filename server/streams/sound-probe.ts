/**
 * A camera's sound track as its stream readers describe it before the first byte (#41 with #40): RTSP's SDP, and the
 * init segment of stream.mp4 and HLS, each name the sound's codec and config up front. Known from the camera's first
 * sound frame (the camera side starts sound on demand), waited for a bounded time, then remembered per camera, so
 * only the first reader after a start waits. A camera whose sound is on but that has no microphone is described
 * without sound after the wait.
 */
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import { audioTrackOf, type SoundSource } from './rtsp-sound.js';

export const SOUND_PROBE_DEFAULTS = {
  /** The wait for a camera's first sound frame, when its sound is on. */
  waitMs: 3000,
};

export class SoundProbe {
  /** Each camera's sound track as last heard (one entry per camera the relay has, so bounded by its cameras). */
  private readonly heard = new Map<string, AudioTrack>();

  constructor(
    private readonly source: SoundSource | undefined,
    private readonly waitMs = SOUND_PROBE_DEFAULTS.waitMs,
  ) {}

  /** Whether the camera's sound may go out now (it is on). */
  allowed(cameraId: string): boolean {
    return this.source?.allowed(cameraId) ?? false;
  }

  /** A reader met a frame of another track than described (the camera's sound changed): the next reader is offered it. */
  changed(cameraId: string, track: AudioTrack): void {
    this.heard.set(cameraId, track);
  }

  /** The camera's sound track when its sound is on: as last heard, else from its first frame within `waitMs`; null without. */
  async track(cameraId: string): Promise<AudioTrack | null> {
    const source = this.source;
    if (!source?.allowed(cameraId)) return null;
    const known = this.heard.get(cameraId);
    if (known) return known;
    const viewer = { wants: (id: string) => id === cameraId, paused: false };
    const track = await new Promise<AudioTrack | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), this.waitMs);
      source.subscribe(viewer, [cameraId], {
        write: (unit, done) => {
          done();
          clearTimeout(timer);
          resolve(audioTrackOf(unit));
        },
      });
    });
    // After the await, so out of the lane's write that resolved it: unsubscribing there would close the lane writing.
    source.unsubscribe(viewer);
    if (track) this.heard.set(cameraId, track);
    return track;
  }
}
