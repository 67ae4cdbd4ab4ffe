/**
 * The detector's looks as one more track of a camera (#38, #39): the detection module publishes each
 * look of a camera whose detector runs; a viewer that asked for a camera's boxes gets them through a
 * newest-wins lane of its own (viewer-slot.ts), one unit per look, so a slow viewer holds two looks
 * at most and nobody waits on it. The core looks at no box: it keeps the newest look per camera and
 * hands it on; the transports give each viewer's sink.
 */
import { LIVE_OBJECTS_MAX, LIVE_OBJECTS_SHOWN_MS, type LiveObjects } from '../../shared/live-objects.js';
import type { CameraInfo } from '../../shared/protocol.js';
import type { LaneSink } from './lane.js';
import { ViewerSlot } from './viewer-slot.js';

/** What the track needs of a viewer: whether it watches (and may see) a camera now, and whether it paused. */
export interface ObjectsViewer {
  wants(cameraId: string): boolean;
  readonly paused: boolean;
}

interface Subscriber {
  viewer: ObjectsViewer;
  sink: LaneSink<LiveObjects>;
  lanes: Map<string, ViewerSlot<LiveObjects>>;
}

/** A look's size in a lane: its boxes, roughly as JSON (the lane's bound is in units; bytes are told for load figures). */
const lookBytes = (look: LiveObjects): number => 64 + look.boxes.length * 64;

export class ObjectsTrack {
  private readonly publishing = new Set<string>();
  private readonly newest = new Map<string, LiveObjects>();
  private readonly subscribers = new Map<ObjectsViewer, Subscriber>();

  /** `changed`: the camera list changed (a detector started or stopped). */
  constructor(
    private readonly changed: () => void,
    private readonly now: () => number,
  ) {}

  /** A camera's detector runs (true) or stopped: the camera list says so; a stop clears the boxes viewers show. */
  setPublishing(cameraId: string, on: boolean): void {
    if (on === this.publishing.has(cameraId)) return;
    if (on) this.publishing.add(cameraId);
    else {
      this.offer({ cameraId, at: this.now(), width: 1, height: 1, boxes: [] });
      this.publishing.delete(cameraId);
      this.newest.delete(cameraId);
    }
    this.changed();
  }

  isPublishing(cameraId: string): boolean {
    return this.publishing.has(cameraId);
  }

  /** The list with `objects: true` on each camera whose detector runs here. */
  mark(list: CameraInfo[]): CameraInfo[] {
    if (this.publishing.size === 0) return list;
    return list.map((c) => (this.publishing.has(c.id) ? { ...c, objects: true } : c));
  }

  /** One look of a camera whose detector runs (an empty one clears the boxes): to every viewer that asked for it. */
  publish(look: LiveObjects): void {
    if (!this.publishing.has(look.cameraId)) return;
    const kept = look.boxes.length > LIVE_OBJECTS_MAX ? { ...look, boxes: look.boxes.slice(0, LIVE_OBJECTS_MAX) } : look;
    this.newest.set(look.cameraId, kept);
    this.offer(kept);
  }

  /**
   * The cameras `viewer` draws boxes of from now on (of those it watches and may see), delivered by
   * `sink`. A camera new to it gets its newest look at once while that is still shown.
   */
  subscribe(viewer: ObjectsViewer, cameraIds: readonly string[], sink: LaneSink<LiveObjects>): void {
    let sub = this.subscribers.get(viewer);
    if (!sub) this.subscribers.set(viewer, (sub = { viewer, sink, lanes: new Map() }));
    sub.sink = sink;
    const wanted = new Set(cameraIds.filter((id) => viewer.wants(id)));
    for (const [id, lane] of sub.lanes) {
      if (wanted.has(id)) continue;
      lane.close();
      sub.lanes.delete(id);
    }
    for (const id of wanted) {
      if (sub.lanes.has(id)) continue;
      const lane = new ViewerSlot<LiveObjects>({ write: (look, done) => sub.sink.write(look, done) }, undefined, undefined, lookBytes);
      sub.lanes.set(id, lane);
      const look = this.newest.get(id);
      if (look && this.now() - look.at < LIVE_OBJECTS_SHOWN_MS && !viewer.paused) lane.offer(look);
    }
    if (sub.lanes.size === 0) this.subscribers.delete(viewer);
  }

  /** The viewer is gone: its lanes close. */
  unsubscribe(viewer: ObjectsViewer): void {
    for (const lane of this.subscribers.get(viewer)?.lanes.values() ?? []) lane.close();
    this.subscribers.delete(viewer);
  }

  /** Looks held for viewers now (in flight and waiting), for tests and load figures. */
  get held(): number {
    let n = 0;
    for (const sub of this.subscribers.values()) for (const lane of sub.lanes.values()) n += lane.held;
    return n;
  }

  private offer(look: LiveObjects): void {
    for (const sub of this.subscribers.values()) {
      const lane = sub.lanes.get(look.cameraId);
      if (lane && !sub.viewer.paused && sub.viewer.wants(look.cameraId)) lane.offer(look);
    }
  }
}
