/**
 * The relay core: takes frames from any ingest transport, keeps the newest per camera, and hands
 * them to every subscribed viewer through that viewer's latest-frame-wins slots. No transport here.
 */
import { CamrelayError } from '../../shared/errors.js';
import { isNewerFrame, type FrameStamp } from '../../shared/frame-order.js';
import type { CaptureFrameMeta, Link } from '../../shared/protocol.js';
import { CameraRegistry, type RegistryOptions } from './camera-registry.js';
import { checkJpeg, type FrameLimits } from './frame-check.js';
import type { Frame, FrameSink } from './frame.js';
import { Viewer } from './viewer.js';

export type RelayOptions = FrameLimits & RegistryOptions & { tickMs?: number };

export type IngestResult = { ok: true; frame: Frame } | { ok: false; error: CamrelayError };

export class Relay {
  readonly registry: CameraRegistry;
  private readonly latest = new Map<string, Frame>();
  private readonly stamps = new Map<string, FrameStamp>();
  private readonly viewers = new Set<Viewer>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  /** Frames refused, by error code. */
  readonly refused = new Map<string, number>();

  constructor(private readonly options: RelayOptions) {
    this.now = options.now ?? Date.now;
    this.registry = new CameraRegistry(options);
    this.timer = setInterval(() => {
      if (this.registry.tick()) this.changed();
    }, options.tickMs ?? 500);
    this.timer.unref();
    this.registry.onChange(() => this.changed());
  }

  /** Takes one frame from a capture transport: checks it, records it and fans it out. */
  ingest(cameraId: string, meta: CaptureFrameMeta, jpeg: Buffer, link: Link, name?: string): IngestResult {
    const checked = checkJpeg(jpeg, this.options);
    if (!checked.ok) return this.refuse(checked.error);
    const receivedAt = this.now();
    const clockSynced = typeof meta.clockOffset === 'number';
    const capturedAt = clockSynced ? meta.capturedAt + meta.clockOffset! : meta.capturedAt;
    // Ordered on the capture client's own clock: a frame that lost a race between two
    // transports (HTTP POST in flight while Socket.IO came back) must not replace a newer one.
    if (!isNewerFrame(meta, this.stamps.get(cameraId))) return this.refuse(new CamrelayError('STALE_FRAME'));
    this.stamps.set(cameraId, { seq: meta.seq, capturedAt: meta.capturedAt });
    const { width, height } = checked.size;
    const frame: Frame = {
      cameraId,
      seq: meta.seq,
      capturedAt,
      receivedAt,
      link,
      jpeg,
      meta: { cameraId, seq: meta.seq, capturedAt, clockSynced, receivedAt, width, height },
    };
    this.latest.set(cameraId, frame);
    this.registry.frame(cameraId, link, width, height, name);
    for (const viewer of this.viewers) viewer.offer(frame);
    return { ok: true, frame };
  }

  /** The newest frame of a camera, for snapshots. */
  latestFrame(cameraId: string): Frame | undefined {
    return this.latest.get(cameraId);
  }

  /** Adds a viewer that receives frames through `sink`; it watches nothing until it subscribes. */
  addViewer(sink: FrameSink): Viewer {
    const viewer = new Viewer(sink, () => this.viewers.delete(viewer));
    this.viewers.add(viewer);
    return viewer;
  }

  /** Frames held and dropped per viewer: what a slow viewer costs the server. */
  viewerLoad(): Array<{ held: number; dropped: number }> {
    return [...this.viewers].map((v) => ({ held: v.held, dropped: v.dropped }));
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Listens for camera list changes (coalesced by the tick for rate-only changes). */
  onCamerasChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    clearInterval(this.timer);
    for (const viewer of [...this.viewers]) viewer.close();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private refuse(error: CamrelayError): IngestResult {
    this.refused.set(error.code, (this.refused.get(error.code) ?? 0) + 1);
    return { ok: false, error };
  }
}
