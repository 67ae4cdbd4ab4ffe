/**
 * What every long-lived HTTP egress (mjpeg, and any like it) must watch for one open response:
 * the server stopping, the viewer's rights ending, and the camera staying offline. Checked on a
 * timer, not per frame: the per-frame test reads the last answer (`permitted`).
 */
import { canView, type Principal } from '../auth/authenticator.js';
import type { ModuleContext } from '../modules/module.js';
import type { CameraStatus } from '../../shared/protocol.js';

export type StreamEndReason = 'client' | 'offline' | 'shutdown' | 'revoked';

export interface StreamWatchOptions {
  cameraId: string;
  /** The stream ends once the camera has been offline this long. */
  offlineTimeoutMs: number;
  /** How often to look; 500 ms by default. */
  checkEveryMs?: number;
  /** True once the server stopped listening: the stream ends rather than hold the shutdown up. */
  closing: () => boolean;
  /** False once the viewer may no longer see this camera (signed out, removed, cameras changed). */
  allowed: () => boolean;
  /** Where the camera's status comes from (the relay's `camera(id)`). */
  status: (cameraId: string) => CameraStatus | undefined;
  /** Called once, with why the stream must end. */
  end: (reason: StreamEndReason) => void;
}

/** `allowed` for a stream opened by `opener`: auth's one recheck, then whether it may see the camera. */
export function stillAllowed(ctx: Pick<ModuleContext, 'auth'>, opener: Principal, cameraId: string): () => boolean {
  return () => {
    const now = ctx.auth.recheck(opener);
    return now !== null && canView(now, cameraId);
  };
}

export class StreamWatch {
  /** The last answer of `allowed`: a frame is sent only while it is true. */
  permitted = true;
  private readonly timer: NodeJS.Timeout;
  private offlineSince: number | undefined;
  private stopped = false;

  constructor(private readonly o: StreamWatchOptions) {
    this.timer = setInterval(() => this.check(), o.checkEveryMs ?? 500);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private check(): void {
    if (this.stopped) return;
    if (this.o.closing()) return this.finish('shutdown');
    // Authorization is not only checked at the start: a long-lived stream follows the account.
    this.permitted = this.o.allowed();
    if (!this.permitted) return this.finish('revoked');
    // A forgotten camera is as gone as an offline one.
    if ((this.o.status(this.o.cameraId) ?? 'offline') !== 'offline') {
      this.offlineSince = undefined;
      return;
    }
    const now = Date.now();
    this.offlineSince ??= now;
    if (now - this.offlineSince >= this.o.offlineTimeoutMs) this.finish('offline');
  }

  private finish(reason: StreamEndReason): void {
    this.stop();
    this.o.end(reason);
  }
}
