/**
 * A camera's sound as one more track (#38, #40): the AAC frames its capture side sends, passed on untouched to
 * every viewer listening to it, each through its own lane (audio-lane.ts: every frame in order, the oldest
 * dropped past a second). The core hears no sound: it keeps who listens to what, tells the demand so (a camera
 * nobody listens to and nothing records sends none), and hands each frame on; the transports give the sinks.
 */
import type { AacFrameMeta } from '../../shared/demand.js';
import type { LiveAacMeta } from '../../shared/live-audio.js';
import { type AacUnit, AudioLane } from './audio-lane.js';
import type { LaneSink } from './lane.js';

/** What the track needs of a viewer: whether it watches (and may see) a camera now, and whether it paused. */
export interface SoundViewer {
  wants(cameraId: string): boolean;
  readonly paused: boolean;
}

interface Listener {
  viewer: SoundViewer;
  sink: LaneSink<AacUnit>;
  lanes: Map<string, AudioLane>;
}

export class SoundTrack {
  private readonly listeners = new Map<SoundViewer, Listener>();
  /** Per camera, how many viewers listen: the demand hears when it goes from 0 to 1 and back. */
  private readonly count = new Map<string, number>();
  private policy: (cameraId: string) => boolean = () => false;

  /** `listened(cameraId, on)`: the first viewer started listening to the camera (true), or the last one stopped. */
  constructor(private readonly listened: (cameraId: string, on: boolean) => void) {}

  /** Whose sound is taken (camera-keeper.ts: the saved camera's choice); until set, nobody's. */
  setPolicy(allowed: (cameraId: string) => boolean): void {
    this.policy = allowed;
  }

  /** Whether the relay takes `cameraId`'s sound: its capture side is asked for it only then, and what comes otherwise is refused. */
  allowed(cameraId: string): boolean {
    return this.policy(cameraId);
  }

  /** One checked AAC frame of a camera (its capture time on the relay's clock): to every viewer listening to it. */
  publish(cameraId: string, meta: AacFrameMeta, frame: Buffer): void {
    if (!this.count.has(cameraId)) return;
    const { seq, capturedAt, sampleRate, channels, config, codec } = meta;
    // One meta object for every listener: its JSON is made once per frame (ws-frame-packet.ts).
    const live: LiveAacMeta = { cameraId, seq, capturedAt, sampleRate, channels, config, ...(codec ? { codec } : {}) };
    const unit: AacUnit = { meta: live, frame };
    for (const l of this.listeners.values()) {
      const lane = l.lanes.get(cameraId);
      if (lane && !l.viewer.paused && l.viewer.wants(cameraId)) lane.offer(unit);
    }
  }

  /** The cameras `viewer` listens to from now on (of those it watches and may see), delivered by `sink`. */
  subscribe(viewer: SoundViewer, cameraIds: readonly string[], sink: LaneSink<AacUnit>): void {
    let l = this.listeners.get(viewer);
    if (!l) {
      if (cameraIds.length === 0) return;
      this.listeners.set(viewer, (l = { viewer, sink, lanes: new Map() }));
    }
    l.sink = sink;
    const wanted = new Set(cameraIds.filter((id) => viewer.wants(id)));
    for (const [id, lane] of l.lanes) {
      if (wanted.has(id)) continue;
      lane.close();
      l.lanes.delete(id);
      this.less(id);
    }
    for (const id of wanted) {
      if (l.lanes.has(id)) continue;
      const listener = l;
      l.lanes.set(id, new AudioLane({ write: (unit, done) => listener.sink.write(unit, done) }));
      this.more(id);
    }
    if (l.lanes.size === 0) this.listeners.delete(viewer);
  }

  /** The viewer is gone: its lanes close. */
  unsubscribe(viewer: SoundViewer): void {
    this.subscribe(viewer, [], { write: () => {} });
    this.listeners.delete(viewer);
  }

  /** A viewer paused (hidden page) or came back: its lanes drop what waited, or start again. */
  pause(viewer: SoundViewer, paused: boolean): void {
    for (const lane of this.listeners.get(viewer)?.lanes.values() ?? []) {
      if (paused) lane.pause();
      else lane.resume();
    }
  }

  /** The cameras some viewer listens to now (a cluster node asks the others for those it does not hold). */
  listenedCameras(): string[] {
    return [...this.count.keys()];
  }

  /** Whether any viewer listens to the camera now. */
  isListened(cameraId: string): boolean {
    return this.count.has(cameraId);
  }

  /** Frames held for listeners now (in flight and waiting): for tests and load figures. */
  get held(): number {
    let n = 0;
    for (const l of this.listeners.values()) for (const lane of l.lanes.values()) n += lane.held;
    return n;
  }

  private more(cameraId: string): void {
    const n = (this.count.get(cameraId) ?? 0) + 1;
    this.count.set(cameraId, n);
    if (n === 1) this.listened(cameraId, true);
  }

  private less(cameraId: string): void {
    const n = (this.count.get(cameraId) ?? 1) - 1;
    if (n > 0) return void this.count.set(cameraId, n);
    this.count.delete(cameraId);
    this.listened(cameraId, false);
  }
}
