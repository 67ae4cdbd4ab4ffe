/**
 * Each camera's retained topics and discovery configs, kept in step with the relay's camera list:
 * a new camera gets its configs and states, a changed one its new state, a camera that left the
 * list its configs and states cleared. Only values that changed are queued; the frame rate at most
 * every FPS_EVERY_MS. Called on the relay's camera-list notice (coalesced, off the frame path).
 */
import type { CameraInfo } from '../../shared/protocol.js';
import type { RecordingMode } from '../../shared/recording.js';
import { discoveryOf, discoveryTopics, type DiscoveryContext } from './discovery.js';
import type { Message, PublishQueue } from './publish-queue.js';
import type { Topics } from './topics.js';

/** A frame rate is published at most this often per camera (it changes with every tick). */
export const FPS_EVERY_MS = 5000;

export interface CameraStatesDeps {
  queue: PublishQueue;
  topics: Topics;
  /** Publish Home Assistant discovery configs; null: the relay's own topics only. */
  discovery: DiscoveryContext | null;
  cameras(): CameraInfo[];
  recordingMode(camera: string): RecordingMode;
  /** True while a motion event of the camera lasts. */
  moving(camera: string): boolean;
  now?: () => number;
}

interface Shown {
  name: string;
  status: string;
  fps: string;
  fpsAt: number;
}

const retained = (topic: string, payload: Buffer | string): Message => ({ topic, payload, qos: 1, retain: true });

export class CameraStates {
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly d: CameraStatesDeps) {}

  /** Queues what changed since the last call. */
  sync(): void {
    const now = (this.d.now ?? Date.now)();
    const listed = new Set<string>();
    for (const camera of this.d.cameras()) {
      listed.add(camera.id);
      const before = this.shown.get(camera.id);
      const fps = camera.fps.toFixed(1);
      if (!before || before.name !== camera.name) this.announce(camera);
      if (!before) this.whole(camera.id);
      const statusChanged = before?.status !== camera.status;
      if (statusChanged) this.put(this.d.topics.state(camera.id), camera.status);
      const fpsDue = !before || statusChanged || (before.fps !== fps && now - before.fpsAt >= FPS_EVERY_MS);
      if (fpsDue) this.put(this.d.topics.fps(camera.id), fps);
      this.shown.set(camera.id, { name: camera.name, status: camera.status, fps: fpsDue ? fps : before!.fps, fpsAt: fpsDue ? now : before!.fpsAt });
    }
    for (const id of this.shown.keys()) if (!listed.has(id)) this.remove(id);
  }

  /** Everything again (a new connection: the broker may have lost its retained messages; Home Assistant restarted). */
  resync(): void {
    this.shown.clear();
    this.sync();
  }

  /** The cameras whose discovery configs were queued on this link (none without discovery), in the list's order. */
  announced(): string[] {
    return this.d.discovery ? [...this.shown.keys()] : [];
  }

  /** A camera's recording mode changed. */
  recording(camera: string, mode: RecordingMode): void {
    if (this.shown.has(camera)) this.putRecording(camera, mode);
  }

  /** A camera's motion started or ended. */
  motion(camera: string, moving: boolean): void {
    if (this.shown.has(camera)) this.put(this.d.topics.motion(camera), moving ? 'ON' : 'OFF');
  }

  private whole(camera: string): void {
    this.putRecording(camera, this.d.recordingMode(camera));
    this.put(this.d.topics.motion(camera), this.d.moving(camera) ? 'ON' : 'OFF');
  }

  private putRecording(camera: string, mode: RecordingMode): void {
    this.put(this.d.topics.recording(camera), mode === 'off' ? 'OFF' : 'ON');
    this.put(this.d.topics.recordingMode(camera), mode);
  }

  private announce(camera: CameraInfo): void {
    // The states first would do too: Home Assistant reads retained states when the entity subscribes.
    if (!this.d.discovery) return;
    for (const m of discoveryOf({ id: camera.id, name: camera.name }, this.d.discovery)) this.put(m.topic, JSON.stringify(m.config));
  }

  /** Configs and retained states emptied: Home Assistant removes the entities, the broker forgets the values. */
  private remove(camera: string): void {
    this.shown.delete(camera);
    if (this.d.discovery) for (const topic of discoveryTopics(camera, this.d.topics)) this.put(topic, '');
    for (const topic of this.d.topics.retained(camera)) this.put(topic, '');
  }

  private put(topic: string, payload: string): void {
    this.d.queue.state(retained(topic, payload));
  }
}
