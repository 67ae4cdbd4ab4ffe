/**
 * Which cameras each viewer takes as H.264 now (#30), the seam the JPEG side reads (`viewer.muted`, h264-viewer.ts;
 * #56: a viewer not reading that camera's JPEG track): a viewer takes a camera while it was sent a unit and, within
 * `H264_QUIET_MS`, one was sent to it, or came from the camera side on the stream it watches, or it began watching that
 * stream (a rung change). A link slower than the stream holds the viewer's units for seconds; JPEGs sent then would
 * take the link from the H.264 and keep it stalled (#30's phone row): only a stream the camera side stopped gives the
 * JPEGs back. Pure code: the clock and each stream's last unit are given.
 */

/** A viewer sent no unit of a camera for this long (its H.264 stopped): it gets the camera's JPEGs again. */
export const H264_QUIET_MS = 2500;

export class H264Taken {
  /** When each viewer was last sent a unit of each camera: `${viewer}\n${camera}`. */
  private readonly lastSent = new Map<string, number>();
  /** The stream each viewer watches of each camera, and since when: `${viewer}\n${camera}`. */
  private readonly watched = new Map<string, { stream: string; since: number }>();

  constructor(
    private readonly now: () => number,
    /** When the camera side last sent a unit of a stream (`cameraId` or `cameraId@width`). */
    private readonly lastUnitAt: (stream: string) => number | undefined,
  ) {}

  watch(viewer: string, cameraId: string, stream: string): void {
    this.watched.set(`${viewer}\n${cameraId}`, { stream, since: this.now() });
  }

  sent(viewer: string, cameraId: string): void {
    this.lastSent.set(`${viewer}\n${cameraId}`, this.now());
  }

  /** The viewer no longer watches the camera as H.264. */
  left(viewer: string, cameraId: string): void {
    this.lastSent.delete(`${viewer}\n${cameraId}`);
    this.watched.delete(`${viewer}\n${cameraId}`);
  }

  sending(viewer: string, cameraId: string): boolean {
    const key = `${viewer}\n${cameraId}`;
    const at = this.lastSent.get(key);
    if (at === undefined) return false;
    const w = this.watched.get(key);
    const heard = Math.max(at, w?.since ?? -Infinity, (w && this.lastUnitAt(w.stream)) ?? -Infinity);
    return this.now() - heard < H264_QUIET_MS;
  }
}
