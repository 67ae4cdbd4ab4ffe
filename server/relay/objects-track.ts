/**
 * The detector's looks as a track (#38, #39, #56): the objects kind, latest value. The detection module
 * publishes each look of a camera whose detector runs here (another node's looks come by the cluster's
 * track bus); a reader that asked for a camera's boxes gets them through a newest-wins lane of its own, and
 * a reader that comes gets the newest look at once while it is still shown. What the kind adds to a track:
 * which cameras' detectors run (the camera list says so), and a look's bound; between nodes a look is JSON (objects-codec.ts).
 */
import { LIVE_OBJECTS_MAX, LIVE_OBJECTS_SHOWN_MS, type LiveObjects } from '../../shared/live-objects.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { decodeObjects, encodeObjects } from './objects-codec.js';
import { latestValue } from '../tracks/policies.js';
import { Track } from '../tracks/track.js';
import type { KindContext, RelayKind } from './kind.js';

/** A look's size in a lane: its boxes, roughly as JSON (the lane's bound is in units; bytes are told for load figures). */
const lookBytes = (look: LiveObjects): number => 64 + look.boxes.length * 64;

export class ObjectsTrack extends Track<LiveObjects> {
  private readonly publishing = new Set<string>();

  /** `changed`: the camera list changed (a detector started or stopped). */
  constructor(
    private readonly changed: () => void,
    private readonly clock: () => number,
  ) {
    super({ kind: 'objects', policy: latestValue(lookBytes, (l) => l.at, LIVE_OBJECTS_SHOWN_MS), cameraOf: (l) => l.cameraId, now: clock });
  }

  /** A camera's detector runs (true) or stopped: the camera list says so; a stop clears the boxes readers show. */
  setPublishing(cameraId: string, on: boolean): void {
    if (on === this.publishing.has(cameraId)) return;
    if (on) this.publishing.add(cameraId);
    else {
      this.publish({ cameraId, at: this.clock(), width: 1, height: 1, boxes: [] });
      this.publishing.delete(cameraId);
      this.forget(cameraId);
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

  /** One look of this node's detector (an empty one clears the boxes), bounded: to every reader of its camera. */
  publishLook(look: LiveObjects): void {
    if (!this.publishing.has(look.cameraId)) return;
    this.publish(look.boxes.length > LIVE_OBJECTS_MAX ? { ...look, boxes: look.boxes.slice(0, LIVE_OBJECTS_MAX) } : look);
  }
}

export function objectsKind(c: KindContext): RelayKind<ObjectsTrack> {
  const track = new ObjectsTrack(c.changed, c.now);
  return { track, bus: [{ track, encode: encodeObjects, decode: decodeObjects }], mark: (list) => track.mark(list) };
}
