/**
 * Tells the relay when this page can show nothing (a hidden tab, a page the browser froze) and when it
 * can again (`pause` on `/monitor`). Each return is numbered (`resume`, from 1 per connection), and the
 * number is counted from the pause before it: the H.264 units the relay sent before it took that
 * number carry a lower `resume` and never reach a tile (`stale`), so a page that thaws never decodes
 * the units that were in flight into it when it froze, whatever order the thaw delivers them in.
 */
import type { MonitorH264Meta } from '../../../shared/protocol.js';
import type { TileFeed } from '../receivers/receiver.js';

/** The slice of the page's socket this module uses. */
export interface PauseSocket {
  emit(event: 'pause', req: { paused: boolean; resume?: number }): unknown;
}

export class RelayPause {
  private paused = false;
  /** The number of the page's newest return, sent or still to send. */
  private resumes = 0;

  constructor(private readonly socket: PauseSocket) {}

  /** A new connection: its relay counts this page's returns from 0 again; a hidden page says so at once. */
  connected(hidden: boolean): void {
    this.resumes = 0;
    this.paused = false;
    if (hidden) this.set(true);
  }

  /** The page can show nothing (`true`) or can again; says it to the relay only when that changes. */
  set(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    // Counted at the pause: what arrives from here on was sent before the return, so is dropped.
    if (paused) {
      this.resumes++;
      this.socket.emit('pause', { paused });
    } else this.socket.emit('pause', { paused, resume: this.resumes });
  }

  /** True for a unit sent before the relay took the page's newest return: of a GOP it has moved past. */
  stale(meta: MonitorH264Meta): boolean {
    // No `resume` at all: a relay older than the numbering, whose units are all taken as before.
    return typeof meta.resume === 'number' && meta.resume < this.resumes;
  }

  /** `feed` as the receivers should see it: stale H.264 units are dropped before any tile. */
  filter(feed: TileFeed): TileFeed {
    return {
      frame: (meta, jpeg) => feed.frame(meta, jpeg),
      h264: (meta, au) => {
        if (!this.stale(meta)) feed.h264?.(meta, au);
      },
      stepped: (cameraId, reason) => feed.stepped?.(cameraId, reason),
      get expectsFrames() {
        return feed.expectsFrames;
      },
    };
  }
}
