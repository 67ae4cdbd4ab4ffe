/** One open MJPEG response: its viewer, its optional rate cap, and the three ways it ends. */
import type { Response } from 'express';
import type { Relay } from '../../relay/relay.js';
import type { Viewer } from '../../relay/viewer.js';
import { FpsCap } from './fps-cap.js';
import { ResponseSink } from './response-sink.js';

const DEFAULTS = {
  /** How often the camera's status and the server's state are looked at. */
  checkEveryMs: 500,
  /** After the close delimiter, a client that stopped reading must not hold the socket (or the server's shutdown). */
  endGraceMs: 2000,
};

export interface MjpegStreamOptions {
  cameraId: string;
  /** Frames per second at most; undefined for every frame the client can take. */
  fps: number | undefined;
  /** The stream ends once the camera has been offline this long. */
  offlineTimeoutMs: number;
  /** True once the server stopped listening: the stream ends rather than hold the shutdown up. */
  closing: () => boolean;
  /** False once the viewer may no longer see this camera (signed out, removed, cameras changed). */
  allowed: () => boolean;
}

export type EndReason = 'client' | 'offline' | 'shutdown' | 'revoked';

export interface MjpegStreamStats {
  cameraId: string;
  reason: EndReason;
  /** Frames written to the response. */
  written: number;
  /** Frames the client was too slow for (replaced in the viewer's slot) or that came before the fps cap allowed. */
  dropped: number;
}

export class MjpegStream {
  private readonly sink: ResponseSink;
  private readonly cap: FpsCap | undefined;
  private readonly viewer: Viewer;
  private readonly timer: NodeJS.Timeout;
  private offlineSince: number | undefined;
  private stopped = false;
  private permitted = true;

  constructor(
    private readonly res: Response,
    private readonly relay: Relay,
    private readonly options: MjpegStreamOptions,
    private readonly onStop: (stats: MjpegStreamStats) => void,
  ) {
    const { cameraId, fps } = options;
    this.sink = new ResponseSink(res);
    this.cap = fps === undefined ? undefined : new FpsCap(this.sink, fps, () => relay.latestFrame(cameraId));
    // Checked on the timer, not per frame: the per-frame test reads the last answer.
    this.viewer = relay.addViewer(this.cap ?? this.sink, 'mjpeg', () => this.permitted);
    this.viewer.subscribe([cameraId]);
    res.once('close', () => this.stop('client'));
    this.timer = setInterval(() => this.check(), DEFAULTS.checkEveryMs);
    this.timer.unref();
    // A new viewer sees the newest picture at once rather than at the camera's next frame.
    const latest = relay.latestFrame(cameraId);
    if (latest) this.viewer.offer(latest);
  }

  /** Ends the response with the close delimiter, so the client knows the end was meant. */
  end(reason: EndReason): void {
    if (this.stopped) return;
    this.stop(reason);
    this.sink.end();
    const grace = setTimeout(() => this.res.destroy(), DEFAULTS.endGraceMs);
    grace.unref();
    this.res.once('close', () => clearTimeout(grace));
  }

  private check(): void {
    if (this.options.closing()) return this.end('shutdown');
    // Authorization is not only checked at the start: a long-lived stream follows the account.
    this.permitted = this.options.allowed();
    if (!this.permitted) return this.end('revoked');
    // A forgotten camera is as gone as an offline one.
    const status = this.relay.camera(this.options.cameraId)?.status ?? 'offline';
    if (status !== 'offline') {
      this.offlineSince = undefined;
      return;
    }
    const now = Date.now();
    this.offlineSince ??= now;
    if (now - this.offlineSince >= this.options.offlineTimeoutMs) this.end('offline');
  }

  private stop(reason: EndReason): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    // Read before close(): closing the viewer drops its slots and their counts.
    const dropped = this.viewer.dropped + (this.cap?.skipped ?? 0);
    this.viewer.close();
    this.cap?.close();
    this.onStop({ cameraId: this.options.cameraId, reason, written: this.sink.written, dropped });
  }
}
