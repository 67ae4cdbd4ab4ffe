/**
 * Who is out there: each camera's connection, last frame, rate and status. It knows no transport:
 * transports report connections and links, the relay reports frames.
 */
import type { PtzCaps } from '../../shared/ptz.js';
import type { CameraTalk } from '../../shared/talk.js';
import type { CameraInfo, CameraStatus, Link, SourceStatus, SourceWaiting } from '../../shared/protocol.js';

export interface RegistryOptions {
  /** A camera with no capture connection and no frame for this long is offline. */
  offlineAfterMs: number;
  /** A connected camera with no frame for this long after its last one is stalled (before its first: starting). */
  stallAfterMs: number;
  /** An offline camera is forgotten after this long (default: never)... */
  forgetAfterMs?: number;
  /** ...unless this says to keep it (a camera in the saved list stays until an admin deletes it). */
  keep?: (id: string) => boolean;
  now?: () => number;
}

/** What a camera known from an earlier run (or another node) looks like before it connects here. */
export interface KnownCamera {
  name: string;
  lastFrameAt: number | null;
  width: number | null;
  height: number | null;
}

/** What a connected capture client says of its camera (Ingest.setPtz, setTalk), by key; null: nothing. */
export interface CameraSaid {
  /** What the camera can move (ptz-caps). */
  ptz: PtzCaps | null;
  /** Its capture client can talk to the camera (`talk`), and who talks now (talk.ts in the Socket.IO transport). */
  talk: CameraTalk | null;
}

interface CameraState extends CameraSaid {
  id: string;
  name: string;
  connections: number;
  link: Link | null;
  lastFrameAt: number | null;
  framesIn: number;
  width: number | null;
  height: number | null;
  fps: number;
  fpsMark: { at: number; frames: number };
  status: CameraStatus;
  /** When the camera was last connected or sent a frame. */
  seenAt: number;
  /** What its connected capture client said it waits for, or null while the camera gives frames. */
  source: SourceWaiting | null;
  /** Its connected capture client offered H.264 (#30): viewers may take it as live H.264. */
  h264: boolean;
  /** It offered H.264 at rung widths too (`h264-rungs`): tiles smaller than it may take it so. */
  h264Rungs: boolean;
}

/** A camera's entry before its capture client says anything, and again once its last connection ends. */
const UNSAID = { source: null, ptz: null, h264: false, h264Rungs: false, talk: null } satisfies Partial<CameraState>;

export class CameraRegistry {
  private readonly cameras = new Map<string, CameraState>();
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  private readonly endListeners = new Set<(id: string) => void>();

  constructor(private readonly options: RegistryOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Called whenever the list as viewers see it changed in a way worth telling them at once. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears a camera's last capture connection end (recording closes its segment then, not after the offline grace). */
  onConnectionsEnded(listener: (id: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** A capture connection opened for this camera (Socket.IO); returns the function that closes it. */
  connect(id: string, name: string | undefined, link: Link): () => void {
    const cam = this.ensure(id, name);
    cam.connections++;
    cam.link = link;
    this.refresh(cam);
    this.emit();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      cam.connections--;
      if (this.cameras.get(id) !== cam) return; // removed meanwhile: nothing viewers see changed
      // Only a connected client's word counts: the next one says its own on connect.
      if (cam.connections === 0) Object.assign(cam, UNSAID);
      this.refresh(cam);
      this.emit();
      if (cam.connections === 0) for (const l of this.endListeners) l(id);
    };
  }

  /** The link of a connected camera changed (e.g. the polling → websocket upgrade). */
  setLink(id: string, link: Link): void {
    const cam = this.cameras.get(id);
    if (!cam || cam.link === link) return;
    cam.link = link;
    this.emit();
  }

  /**
   * A connected capture client says its camera gives frames, or why it waits for it. Not cleared by
   * frames: one sent before the camera failed may arrive after the client said so.
   */
  setSource(id: string, status: SourceStatus): void {
    const cam = this.cameras.get(id);
    if (!cam || cam.connections === 0) return;
    const same = status.state === 'waiting' ? cam.source?.error === status.error && cam.source.message === status.message : cam.source === null;
    if (same) return;
    cam.source = status.state === 'ok' ? null : { ...status, since: cam.source?.error === status.error ? cam.source.since : this.now() };
    this.emit();
  }

  /** What a connected capture client says of its camera (CameraSaid), on its entry until the last connection ends. */
  setSaid<K extends keyof CameraSaid>(id: string, key: K, value: CameraSaid[K]): void {
    const cam = this.cameras.get(id);
    if (!cam || cam.connections === 0 || JSON.stringify(cam[key]) === JSON.stringify(value)) return;
    (cam as CameraSaid)[key] = value;
    this.emit();
  }

  /** A connected capture client offered H.264 (and at rung widths: `rungs`); kept until the last connection ends. */
  setH264(id: string, rungs = false): void {
    const cam = this.cameras.get(id);
    if (!cam || cam.connections === 0 || (cam.h264 && cam.h264Rungs === rungs)) return;
    cam.h264 = true;
    cam.h264Rungs = rungs;
    this.emit();
  }

  /** Records one accepted frame. */
  frame(id: string, link: Link, width: number, height: number, name?: string): void {
    const cam = this.ensure(id, name);
    const first = cam.lastFrameAt === null;
    cam.lastFrameAt = this.now();
    cam.seenAt = cam.lastFrameAt;
    cam.framesIn++;
    const changed = first || cam.link !== link || cam.width !== width || cam.height !== height;
    cam.link = link;
    cam.width = width;
    cam.height = height;
    if (this.refresh(cam) || changed) this.emit();
  }

  /**
   * Lists a camera known from the saved list, offline until it connects or sends a frame here; for
   * one already listed and offline, takes the newer of the two last sightings.
   */
  restore(id: string, known: KnownCamera): void {
    const cam = this.cameras.get(id) ?? this.ensure(id, known.name);
    if (cam.status !== 'offline') return;
    cam.name = known.name;
    if (known.lastFrameAt !== null && known.lastFrameAt > (cam.lastFrameAt ?? -Infinity)) {
      cam.lastFrameAt = known.lastFrameAt;
      cam.seenAt = Math.max(cam.seenAt, known.lastFrameAt);
    }
    if (known.width !== null && known.height !== null && cam.framesIn === 0) {
      cam.width = known.width;
      cam.height = known.height;
    }
  }

  /** Drops a camera (an admin deleted it); a connection still open for it no longer counts. */
  remove(id: string): boolean {
    const had = this.cameras.delete(id);
    if (had) this.emit();
    return had;
  }

  /** True while the camera has a capture connection here or sent a frame within the offline timeout. */
  isOnline(id: string): boolean {
    const status = this.cameras.get(id)?.status;
    return status !== undefined && status !== 'offline';
  }

  get size(): number {
    return this.cameras.size;
  }

  has(id: string): boolean {
    return this.cameras.has(id);
  }

  get(id: string): CameraInfo | undefined {
    const cam = this.cameras.get(id);
    return cam && this.info(cam);
  }

  list(): CameraInfo[] {
    return [...this.cameras.values()].map((cam) => this.info(cam));
  }

  /** On a timer (the relay's, every 250 ms): statuses and rates again, long-offline cameras forgotten; what changed. */
  tick(): { changed: boolean; forgotten: string[] } {
    const now = this.now();
    let changed = false;
    const forgotten: string[] = [];
    for (const cam of this.cameras.values()) {
      if (cam.connections > 0) cam.seenAt = now;
      if (cam.status === 'offline' && now - cam.seenAt >= (this.options.forgetAfterMs ?? Infinity) && !this.options.keep?.(cam.id)) {
        this.cameras.delete(cam.id);
        forgotten.push(cam.id);
        changed = true;
        continue;
      }
      const elapsed = now - cam.fpsMark.at;
      if (elapsed >= 1000) {
        const fps = Math.round(((cam.framesIn - cam.fpsMark.frames) * 10000) / elapsed) / 10;
        cam.fpsMark = { at: now, frames: cam.framesIn };
        if (fps !== cam.fps) changed = true;
        cam.fps = fps;
      }
      if (this.refresh(cam)) changed = true;
    }
    return { changed, forgotten };
  }

  private ensure(id: string, name: string | undefined): CameraState {
    let cam = this.cameras.get(id);
    if (!cam) {
      cam = {
        id,
        name: name || id,
        connections: 0,
        link: null,
        lastFrameAt: null,
        framesIn: 0,
        width: null,
        height: null,
        fps: 0,
        fpsMark: { at: this.now(), frames: 0 },
        status: 'offline',
        seenAt: this.now(),
        ...UNSAID,
      };
      this.cameras.set(id, cam);
    } else if (name && name !== cam.name) {
      cam.name = name;
    }
    return cam;
  }

  /** Updates the status; returns true when it changed. */
  private refresh(cam: CameraState): boolean {
    const status = this.statusOf(cam);
    if (status === cam.status) return false;
    cam.status = status;
    if (status === 'offline') {
      cam.link = null;
      cam.fps = 0;
    }
    return true;
  }

  private statusOf(cam: CameraState): CameraStatus {
    // A restored camera has a lastFrameAt from an earlier run: only frames received here count.
    const silence = cam.framesIn === 0 ? Infinity : this.now() - cam.lastFrameAt!;
    if (cam.connections === 0 && silence >= this.options.offlineAfterMs) return 'offline';
    // Connected, nothing sent yet: an IP camera's stream takes seconds to open, which is no stall (#37 item 14).
    if (cam.framesIn === 0) return 'starting';
    return silence > this.options.stallAfterMs ? 'stalled' : 'live';
  }

  private info(cam: CameraState): CameraInfo {
    return {
      id: cam.id,
      name: cam.name,
      online: cam.status !== 'offline',
      status: cam.status,
      lastFrameAt: cam.lastFrameAt,
      fps: cam.fps,
      framesIn: cam.framesIn,
      ingest: cam.status === 'offline' ? null : cam.link,
      width: cam.width,
      height: cam.height,
      ...(cam.source && cam.status !== 'offline' ? { source: cam.source } : {}),
      ...(cam.ptz && cam.connections > 0 ? { ptz: cam.ptz } : {}),
      ...(cam.talk && cam.connections > 0 ? { talk: cam.talk } : {}),
      ...(cam.h264 && cam.connections > 0 ? { h264: true, ...(cam.h264Rungs ? { h264Rungs: true } : {}) } : {}),
    };
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
