/**
 * A viewer's slot of one camera as a JPEG track's lane (#56): the track offers into it, and the viewer keeps the slot
 * (its window, its frames in flight) when the camera moves from one rung's track to another's (viewer.ts, fan-out.ts).
 */
import type { Lane } from '../tracks/lane.js';
import type { FrameLane } from '../tracks/viewer-slot.js';
import type { Frame } from './frame.js';

/** A viewer's slot of one camera as a track's lane: the viewer offers into it, measures it and closes it when it stops watching. */
export class ViewerLane implements Lane<Frame> {
  constructor(
    private readonly viewer: { take(frame: Frame): void },
    private readonly cameraId: string,
    private readonly slots: ReadonlyMap<string, FrameLane<Frame>>,
  ) {}

  offer(frame: Frame): void {
    this.viewer.take(frame);
  }

  // The viewer pauses by leaving its tracks, and closes its slot when it stops watching the camera, not when the camera moves.
  pause(): void {}
  resume(): boolean {
    return false;
  }
  close(): void {}

  private get slot(): FrameLane<Frame> | undefined {
    return this.slots.get(this.cameraId);
  }
  get window(): number {
    return this.slot?.window ?? 1;
  }
  set window(size: number) {
    if (this.slot) this.slot.window = size;
  }
  get held(): number {
    return this.slot?.held ?? 0;
  }
  get heldBytes(): number {
    return this.slot?.heldBytes ?? 0;
  }
  get bounds() {
    return this.slot?.bounds ?? { units: 0, bytes: 0 };
  }
  get dropped(): number {
    return this.slot?.dropped ?? 0;
  }
}
