/**
 * `/monitor`'s live H.264 (#30): the cameras a dashboard names in `subscribe.h264` that this node can
 * send so (their capture connection here offers H.264) come as `h264` events, each acked like a
 * frame; their JPEGs are held back while the H.264 flows, and come again by themselves when it stops.
 */
import type { Socket } from 'socket.io';
import type { LiveH264 } from '../../relay/live-h264.js';
import type { H264Unit } from '../../relay/h264-lane.js';
import type { Viewer } from '../../relay/viewer.js';

export class H264Viewer {
  private readonly watching = new Set<string>();
  private readonly key: string;

  constructor(
    private readonly socket: Socket,
    private readonly live: LiveH264,
    private readonly viewer: Viewer,
  ) {
    this.key = socket.id;
    viewer.muted = (id) => this.watching.has(id) && live.sending(this.key, id);
  }

  /** Takes a checked subscribe's `h264` list; answers the cameras this viewer now gets as H.264. */
  subscribe(asked: readonly string[] | undefined): string[] {
    const want = new Set((asked ?? []).filter((id) => this.viewer.wants(id) && this.live.canSend(id)));
    for (const id of this.watching) {
      if (want.has(id)) continue;
      this.watching.delete(id);
      this.live.unwatch(this.key, id);
    }
    for (const id of want) {
      if (this.watching.has(id)) continue;
      this.watching.add(id);
      this.live.watch(this.key, id, (unit) => this.write(unit));
    }
    return [...want];
  }

  /** A hidden tab: nothing is sent; on return each camera starts again at its newest keyframe. */
  pause(paused: boolean): void {
    this.live.pause(this.key, this.watching, paused);
  }

  close(): void {
    for (const id of this.watching) this.live.unwatch(this.key, id);
    this.watching.clear();
  }

  private write(unit: H264Unit): Promise<void> {
    // H.264 does not gzip either; the ack is the lane's flow control.
    return new Promise((resolve) => this.socket.compress(false).emit('h264', unit.meta, unit.au, () => resolve()));
  }
}
