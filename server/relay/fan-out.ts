/**
 * The viewers of this node and how a frame reaches each: as it came to those that asked for no
 * rendition of its camera, else through the renditions, made once per rung asked for and handed to
 * that rung's viewers. Every viewer has its own newest-wins slots (viewer.ts), so none waits on another.
 */
import type { Transport } from '../../shared/protocol.js';
import type { Frame, FrameSink } from './frame.js';
import type { RelayObserver } from './observer.js';
import { Renditions, type RenditionsOptions, type Resize } from './renditions.js';
import type { Rung } from './rungs.js';
import { Viewer } from './viewer.js';

export class FanOut {
  private readonly viewers = new Set<Viewer>();
  readonly renditions: Renditions;

  constructor(
    private readonly observer: RelayObserver,
    resize: Resize,
    options: RenditionsOptions = {},
  ) {
    this.renditions = new Renditions(resize, (rendition, source, rung) => this.renditionReady(rendition, source, rung), options);
  }

  /** A new frame of a camera, for every viewer. */
  offer(frame: Frame): void {
    let rungs: Set<Rung> | null = null;
    for (const viewer of this.viewers) {
      const rung = viewer.cameraFrame(frame.cameraId, frame.meta.width);
      if (rung === null) viewer.offer(frame);
      else if (viewer.wants(frame.cameraId) && !viewer.paused) (rungs ??= new Set()).add(rung);
    }
    if (rungs) this.renditions.push(frame, rungs);
  }

  /** The newest frames (`latest`, one per camera) for one viewer, at its rungs. */
  offerLatest(viewer: Viewer, latest: Iterable<Frame>): void {
    for (const frame of latest) {
      if (!viewer.wants(frame.cameraId)) continue;
      const rung = viewer.rungOf(frame.cameraId, frame.meta.width);
      if (rung === null) {
        viewer.offer(frame);
        continue;
      }
      // Made already (another viewer of the rung, or the camera side): offered now; else made once, for all of them.
      const made = this.renditions.suppliedFrame(frame.cameraId, rung) ?? this.renditions.madeFrom(frame, rung);
      if (made) viewer.offer(made);
      else this.renditions.push(frame, [rung]);
    }
  }

  addViewer(sink: FrameSink, transport: Transport, may: (cameraId: string) => boolean, refresh: (viewer: Viewer) => void): Viewer {
    const viewer = new Viewer(sink, transport, this.observer, may, () => this.viewers.delete(viewer), refresh);
    this.viewers.add(viewer);
    return viewer;
  }

  /** The rungs viewers watch `cameraId` (`nativeWidth` wide) at now: what the camera side is asked to make. */
  rungsWatched(cameraId: string, nativeWidth: number): Set<Rung> {
    const rungs = new Set<Rung>();
    for (const viewer of this.viewers) {
      if (!viewer.wants(cameraId) || viewer.paused) continue;
      const rung = viewer.rungOf(cameraId, nativeWidth);
      if (rung !== null) rungs.add(rung);
    }
    return rungs;
  }

  /** Camera ids any viewer here wants right now. */
  wantedCameras(ids: Iterable<string>): string[] {
    const wanted: string[] = [];
    // A viewer that takes the camera as H.264 (muted) needs none of its JPEGs: they stop crossing Redis (#30).
    for (const id of ids) if ([...this.viewers].some((v) => v.wants(id) && !v.muted(id))) wanted.push(id);
    return wanted;
  }

  viewerLoad(): Array<{ held: number; dropped: number; paused: boolean; transport: Transport }> {
    return [...this.viewers].map((v) => ({ held: v.held, dropped: v.dropped, paused: v.paused, transport: v.transport }));
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  close(): void {
    for (const viewer of [...this.viewers]) viewer.close();
  }

  private renditionReady(rendition: Frame, source: Frame, rung: Rung): void {
    // A rendition of a frame older than the camera's newest is still the newest at its rung.
    for (const viewer of this.viewers) if (viewer.rungOf(source.cameraId, source.meta.width) === rung) viewer.offer(rendition);
  }
}
