/** One open MJPEG response: its viewer, its optional rate cap, and the ways it ends (stream-watch.ts). */
import type { Response } from 'express';
import type { Relay } from '../../relay/relay.js';
import type { Viewer } from '../../relay/viewer.js';
import { StreamWatch, type StreamEndReason } from '../stream-watch.js';
import { FpsCap } from './fps-cap.js';
import { ResponseSink } from './response-sink.js';

const DEFAULTS = {
  /** After the close delimiter, a client that stopped reading must not hold the socket (or the server's shutdown). */
  endGraceMs: 2000,
};

export interface MjpegStreamOptions {
  cameraId: string;
  /** Frames per second at most; undefined for every frame the client can take. */
  fps: number | undefined;
  /** `?width=`: frames at the rendition for this width; undefined for native. */
  width?: number | undefined;
  /** The stream ends once the camera has been offline this long. */
  offlineTimeoutMs: number;
  /** True once the server stopped listening: the stream ends rather than hold the shutdown up. */
  closing: () => boolean;
  /** False once the viewer may no longer see this camera (signed out, removed, cameras changed). */
  allowed: () => boolean;
}

export type EndReason = StreamEndReason;

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
  private readonly watch: StreamWatch;
  private stopped = false;

  constructor(
    private readonly res: Response,
    private readonly relay: Relay,
    private readonly options: MjpegStreamOptions,
    private readonly onStop: (stats: MjpegStreamStats) => void,
  ) {
    const { cameraId, fps } = options;
    this.sink = new ResponseSink(res);
    this.cap = fps === undefined ? undefined : new FpsCap(this.sink, fps, () => relay.latestFrame(cameraId));
    this.watch = new StreamWatch({ ...options, status: (id) => relay.cameras.get(id)?.status, end: (reason) => this.end(reason) });
    this.viewer = relay.addViewer(this.cap ?? this.sink, 'mjpeg', () => this.watch.permitted);
    this.viewer.subscribe([cameraId], options.width === undefined ? undefined : { [cameraId]: options.width });
    res.once('close', () => this.stop('client'));
    // A new viewer sees the newest picture at once rather than at the camera's next frame.
    this.viewer.offerLatest();
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

  private stop(reason: EndReason): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watch.stop();
    // Read before close(): closing the viewer drops its slots and their counts.
    const dropped = this.viewer.dropped + (this.cap?.skipped ?? 0);
    this.viewer.close();
    this.cap?.close();
    this.onStop({ cameraId: this.options.cameraId, reason, written: this.sink.written, dropped });
  }
}
