/**
 * The relay core, the one object every transport and module is handed: it takes frames from any ingest transport,
 * keeps the newest per camera and publishes them into the `jpeg` track its viewers read (fan-out.ts); it holds the
 * track of every kind the kinds table lists (kinds.ts) and the camera list (cameras.ts). No transport here.
 */
import { ok, type Result } from '../../shared/result.js';
import { isNewerFrame } from '../../shared/frame-order.js';
import type { CameraInfo, CaptureFrameMeta, Link, MonitorFrameMeta, Transport } from '../../shared/protocol.js';
import { CameraRegistry, type RegistryOptions } from './camera-registry.js';
import { Cameras } from './cameras.js';
import { Admission } from './admission.js';
import type { FrameLimits } from './frame-check.js';
import type { Frame, FrameSink } from './frame.js';
import { Ingest, type IngestCore } from './ingest.js';
import { frameOf } from './frame-of.js';
import { CameraSide } from './camera-side.js';
import { FanOut } from './fan-out.js';
import { makeKinds, RELAY_KINDS, type KindTable, type RelayKind, type RelayTracks } from './kinds.js';
import type { Renditions, Resize } from './renditions.js';
import { sharpResize } from './sharp-resize.js';
import { NO_OBSERVER, type RelayObserver } from './observer.js';
import type { Holder } from './publisher-hold.js';
import { SessionOrder } from './session-order.js';
import type { Viewer } from './viewer.js';

export type RelayOptions = FrameLimits &
  RegistryOptions & {
    tickMs?: number;
    observer?: RelayObserver;
    maxFps?: number;
    maxCameras?: number;
    /** How renditions are made (sharp by default; tests count calls with their own). */
    resize?: Resize;
    /** The kinds it carries (kinds.ts); a test adds one of its own to RELAY_KINDS. */
    kinds?: typeof RELAY_KINDS & KindTable;
  };

export type IngestResult = Result<Frame>;

export class Relay {
  /** The track of each kind it carries, by name (kinds.ts): every reader reads them as any other. */
  readonly tracks: RelayTracks;
  /** Each kind it carries with its bus codec and camera list mark, by name: the cluster's track bus carries them. */
  readonly kinds: ReadonlyMap<string, RelayKind>;
  private readonly registry: CameraRegistry;
  /** The camera list viewers, modules and the cluster see (cameras.ts). */
  readonly cameras: Cameras;
  private readonly latest = new Map<string, Frame>();
  /** Bytes, room and rate: what may come in; transports ask it too (admission.ts). */
  readonly admission: Admission;
  private readonly fan: FanOut;
  /** Per camera: the current capture session, its epoch and its newest frame's stamp. */
  private readonly order: SessionOrder;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly localFrameListeners = new Set<(frame: Frame) => void>();
  private readonly removedListeners = new Set<(cameraId: string) => void>();
  /** Demand down to capture clients, renditions up from them (camera-side.ts). */
  readonly cameraSide: CameraSide;

  private readonly observer: RelayObserver;

  constructor(private readonly options: RelayOptions) {
    this.now = options.now ?? Date.now;
    this.observer = options.observer ?? NO_OBSERVER;
    this.order = new SessionOrder(this.now);
    this.cameraSide = new CameraSide({ fan: () => this.fan, latest: (id) => this.latest.get(id), limits: options, now: this.now });
    const nativeWidth = (id: string) => this.latest.get(id)?.meta.width ?? this.cameras.get(id)?.width ?? undefined;
    this.fan = new FanOut(this.observer, options.resize ?? sharpResize, { now: this.now, onFallback: this.cameraSide.fellBack }, { nativeWidth });
    const injectRemote = (f: Frame) => this.injectRemote(f.meta, f.jpeg, f.link);
    const context = { now: this.now, changed: () => this.changed(), fan: this.fan, cameraSide: this.cameraSide, injectRemote };
    this.kinds = makeKinds(options.kinds ?? RELAY_KINDS, context);
    this.tracks = Object.fromEntries([...this.kinds].map(([name, k]) => [name, k.track])) as unknown as RelayTracks;
    this.registry = new CameraRegistry(options);
    this.cameras = new Cameras(this.registry, (list) => this.mark(list));
    const { maxFps, maxCameras } = options;
    this.admission = new Admission({ limits: options, maxFps, maxCameras, now: this.now, observer: this.observer, cameras: this.registry });
    this.cameraSide.intake.onOffered((id, rungs) => this.registry.setH264(id, rungs));
    this.timer = setInterval(() => {
      const { changed, forgotten } = this.registry.tick();
      for (const id of forgotten) {
        this.drop(id);
        this.order.forget(id);
      }
      if (changed) this.changed();
      if (this.fan.viewerCount > 0) this.fan.refresh(this.cameras.list().map((c) => c.id));
    }, options.tickMs ?? 250);
    this.timer.unref();
  }

  /** Takes one frame from a capture transport: checks it, records it and fans it out. */
  ingest(cameraId: string, meta: CaptureFrameMeta, jpeg: Buffer, link: Link, name?: string): IngestResult {
    if (meta.rung !== undefined) {
      const r = this.cameraSide.ingest(cameraId, { ...meta, rung: meta.rung }, jpeg, link);
      return r.ok ? r : this.admission.refuse(r.error);
    }
    const checked = this.admission.frame(cameraId, jpeg);
    if (!checked.ok) return checked;
    // Above what this node shows already: frames another node sent before this one took the camera.
    const ordered = this.order.epochOf(cameraId, meta.session, meta, this.latest.get(cameraId)?.meta.epoch);
    if (!ordered.ok) return this.admission.refuse(ordered.error);
    const frame = frameOf({ cameraId, meta, jpeg, link, epoch: ordered.value, receivedAt: this.now(), size: checked.value });
    const { width, height } = checked.value;
    this.latest.set(cameraId, frame);
    this.registry.frame(cameraId, link, width, height, name);
    this.observer.frameIn(frame);
    for (const l of this.localFrameListeners) l(frame);
    this.fan.offer(frame);
    return ok(frame);
  }

  /** What a connection says of its camera (link, source, ptz) goes to the registry; its frames come here. */
  private readonly ingestCore: IngestCore = {
    ingest: (id, meta, jpeg, link, name) => this.ingest(id, meta, jpeg, link, name),
    setLink: (id, link) => this.registry.setLink(id, link),
    setSource: (id, status) => this.registry.setSource(id, status),
    setSaid: (id, key, value) => this.registry.setSaid(id, key, value),
  };

  /**
   * A capture connection opens: the camera shows as connected (by `link`) until the handle is
   * closed. Transports that keep a connection use this; one-request ingest (http) calls ingest().
   */
  openIngest(cameraId: string, name: string | undefined, session: string | undefined, link: Link): Ingest {
    const release = this.registry.connect(cameraId, name, link);
    return new Ingest(this.ingestCore, cameraId, name, session, link, release);
  }

  /**
   * Who sends this camera here now, as a standby newcomer is weighed against it (publisher-hold.ts): the session of
   * its newest frame, when that came, and by which link. Undefined before its first frame on this node.
   */
  holder(cameraId: string): (Holder & { link: Link }) | undefined {
    const frame = this.latest.get(cameraId);
    if (!frame) return undefined;
    return { session: this.order.sessionOf(cameraId), lastFrameAt: frame.receivedAt, link: frame.link };
  }

  /**
   * Drops a camera an admin deleted: its entry, its newest frame and its rate state. Listeners (the
   * capture transports) end its connections, so a client still sending comes back as a new camera.
   */
  removeCamera(id: string): boolean {
    const had = this.registry.remove(id);
    // Its frame stamp stays: frames of the camera's comeback must count as newer in viewers' eyes.
    this.drop(id);
    for (const l of this.removedListeners) l(id);
    this.changed();
    return had;
  }

  onCameraRemoved(listener: (cameraId: string) => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  /** Hears every frame accepted from a local capture client (cluster mode publishes them). */
  onLocalFrame(listener: (frame: Frame) => void): void {
    this.localFrameListeners.add(listener);
  }

  /**
   * A frame that entered on another node (the cluster's track bus): kept as the newest for snapshots and published
   * into this node's `jpeg` track, so a slow viewer here costs that node's publisher nothing. An older one is dropped.
   */
  injectRemote(meta: MonitorFrameMeta, jpeg: Buffer, link: Link): void {
    const previous = this.latest.get(meta.cameraId);
    if (previous && !isNewerFrame(meta, previous.meta)) return;
    const frame: Frame = { cameraId: meta.cameraId, seq: meta.seq, capturedAt: meta.capturedAt, receivedAt: meta.receivedAt, link, jpeg, meta };
    this.latest.set(meta.cameraId, frame);
    this.fan.offer(frame);
  }

  /**
   * Hands a viewer the newest frame of every camera it may watch at once, rather than at the next
   * capture: on subscribe, on unpause, and when its transport changes.
   */
  offerLatest(viewer: Viewer): void {
    this.fan.offerLatest(viewer, this.latest.values());
  }

  /** The renditions of this node's frames: made once per frame and rung, for viewers and snapshots. */
  get renditions(): Renditions {
    return this.fan.renditions;
  }

  /** The newest frame of a camera, for snapshots. */
  latestFrame(cameraId: string): Frame | undefined {
    return this.latest.get(cameraId);
  }

  /**
   * Adds a viewer that receives frames through `sink`; it watches nothing until it subscribes, and
   * never a camera `may` refuses, whatever it subscribes to (authorization, checked per frame).
   */
  addViewer(sink: FrameSink, transport: Transport = 'socketio', may: (cameraId: string) => boolean = () => true): Viewer {
    return this.fan.addViewer(sink, transport, may, (v) => this.offerLatest(v));
  }

  /** Frames held and dropped per viewer: what a slow viewer costs the server. */
  viewerLoad(): Array<{ held: number; dropped: number; paused: boolean; transport: Transport }> {
    return this.fan.viewerLoad();
  }

  get viewerCount(): number {
    return this.fan.viewerCount;
  }

  close(): void {
    clearInterval(this.timer);
    this.cameraSide.close();
    this.cameras.close();
    this.fan.close();
  }

  /** The list as each kind marks it (the objects kind: whose detector runs here). */
  private mark(list: CameraInfo[]): CameraInfo[] {
    for (const k of this.kinds.values()) if (k.mark) list = k.mark(list);
    return list;
  }

  private changed(): void {
    this.cameras.changed();
  }

  private drop(id: string): void {
    this.observer.forgotten(id);
    this.fan.forget(id);
    this.admission.forget(id);
    this.latest.delete(id);
  }
}
