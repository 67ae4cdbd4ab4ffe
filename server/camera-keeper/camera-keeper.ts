/**
 * Keeps the relay's camera list and the saved one (camera-store.ts) in step: saved cameras are
 * listed, offline, from the start; what this node's capture clients show (name, size, last seen)
 * is saved; the saved names, groups and order arrange every list viewers get; the newest frame of
 * each camera this node has goes to disk (frame-files.ts); and admins' changes are made here.
 */
import { CamrelayError } from '../../shared/errors.js';
import { hasJpegMarkers, readJpegSize } from '../../common/codec/jpeg.js';
import type { CameraInfo, CameraSettings } from '../../shared/protocol.js';
import type { Result } from '../../shared/result.js';
import type { CameraStore, Sighting, StoredCamera } from './camera-store.js';
import type { FrameFiles, StoredFrame } from './frame-files.js';
import type { Relay } from '../relay/relay.js';
import { own, unexpected } from '../../common/own.js';

/** A camera deleted here that another node still announces stays hidden until that node has read the deletion. */
const DELETED_HIDE_MS = 3000;

const sighting = (c: CameraInfo | undefined, lastSeen: number): Sighting => ({
  clientName: c?.name ?? null,
  width: c?.width ?? null,
  height: c?.height ?? null,
  lastSeen,
});

/** The saved camera list, wired into one relay: restore, sync, arrange, admin changes, frames on disk. */
export class CameraKeeper {
  /** Cameras online on this node at the last sync: this node writes what they show. */
  private readonly online = new Set<string>();
  private readonly deletedAt = new Map<string, number>();

  constructor(
    private readonly relay: Relay,
    private readonly store: CameraStore,
    private readonly frames: FrameFiles,
  ) {
    for (const c of store.list()) this.restore(c);
    own(
      frames.prune((id) => store.has(id)),
      unexpected('pruning saved frames'),
    );
    relay.cameras.setArrangement((list) => this.arrange(list));
    // A camera's sound is taken only while its saved entry says so (#40): an unsaved camera's never.
    relay.tracks.sound.setPolicy((id) => store.get(id)?.sound === true);
    // Only frames of this node's own capture clients (in a cluster, the node that has the camera
    // writes its frame), and of saved cameras: the folder holds one file per saved camera at most.
    relay.onLocalFrame((frame) => {
      if (store.has(frame.cameraId)) frames.offer(frame.cameraId, frame.jpeg, frame.receivedAt);
    });
    // At once for a new camera (its first frame is then written too), and after every tick's changes.
    relay.cameras.onLocalChange(() => this.sync());
    relay.cameras.onChanged(() => this.sync());
    store.onReload((removed) => this.reloaded(removed));
  }

  /** Saved names and groups on every entry, in the saved order; cameras not saved come last. */
  arrange(list: CameraInfo[]): CameraInfo[] {
    const now = Date.now();
    const shown: CameraInfo[] = [];
    for (const c of list) {
      const saved = this.store.get(c.id);
      if (!saved && now - (this.deletedAt.get(c.id) ?? -Infinity) < DELETED_HIDE_MS) continue;
      shown.push(saved ? { ...c, name: saved.name ?? c.name, group: saved.group, ...(saved.sound ? { sound: true } : {}) } : { ...c, group: null });
    }
    const rank = (c: CameraInfo) => this.store.get(c.id)?.order ?? Number.MAX_VALUE;
    return shown.sort((a, b) => rank(a) - rank(b));
  }

  /** True for a camera listed here or saved. */
  knows(id: string): boolean {
    return this.store.has(id) || this.relay.cameras.get(id) !== undefined;
  }

  /** Sets a camera's name or group (an admin's); the answer is the camera as viewers now see it. */
  update(id: string, settings: CameraSettings): Result<CameraInfo> {
    const info = this.relay.cameras.get(id);
    if (!info && !this.store.has(id)) return { ok: false, error: new CamrelayError('UNKNOWN_CAMERA') };
    if (!this.store.update(id, settings, sighting(info, info?.lastFrameAt ?? Date.now()))) return { ok: false, error: new CamrelayError('TOO_MANY_CAMERAS') };
    this.relay.cameras.changed();
    const updated = this.relay.cameras.get(id);
    return updated ? { ok: true, value: updated } : { ok: false, error: new CamrelayError('UNKNOWN_CAMERA') };
  }

  /** Puts these cameras first, in this order, for every viewer; returns the whole saved order (unknown ids skipped). */
  reorder(ids: string[]): string[] {
    // A camera that appeared since the last sync is saved first, so it can be placed too.
    for (const id of ids) {
      const info = this.store.has(id) ? undefined : this.relay.cameras.get(id);
      if (info) this.store.note(id, sighting(info, info.lastFrameAt ?? Date.now()));
    }
    const order = this.store.reorder(ids);
    this.relay.cameras.changed();
    return order;
  }

  /** Deletes a camera: from the list, its stored frame, and its connections (it may come back as new). */
  remove(id: string): boolean {
    if (!this.knows(id)) return false;
    this.store.remove(id);
    this.forget(id);
    return true;
  }

  /** The frame on disk, for the snapshot of a camera this node has no frame of in memory. */
  async storedFrame(id: string): Promise<(StoredFrame & { width: number }) | null> {
    const frame = await this.frames.read(id);
    const size = frame && hasJpegMarkers(frame.jpeg) ? readJpegSize(frame.jpeg) : null;
    return frame && size ? { ...frame, width: size.width } : null;
  }

  /** Frames written to disk so far (tests: only the node that has a camera writes its frame). */
  get framesWritten(): number {
    return this.frames.written;
  }

  /** Saves the last sighting of every camera online here and the frames still waiting (shutdown). */
  async close(): Promise<void> {
    const now = Date.now();
    for (const c of this.relay.cameras.listLocal()) if (c.online) this.store.note(c.id, sighting(c, c.lastFrameAt ?? now));
    this.store.close();
    await this.frames.close();
  }

  private sync(): void {
    const now = Date.now();
    for (const c of this.relay.cameras.listLocal()) {
      if (c.online) {
        this.online.add(c.id);
        this.store.note(c.id, sighting(c, now));
      } else if (this.online.delete(c.id)) {
        // Gone offline here: when it was last seen is worth a write of its own.
        this.store.note(c.id, sighting(c, c.lastFrameAt ?? now));
        this.store.saveSoon();
      } else if (!this.store.has(c.id)) {
        // Came and went between two syncs (lists are coalesced): still a camera seen here.
        this.store.note(c.id, sighting(c, c.lastFrameAt ?? now));
      }
    }
  }

  /** Another node wrote the list: its deletions and new cameras apply here too. */
  private reloaded(removed: string[]): void {
    for (const id of removed) this.forget(id);
    for (const c of this.store.list()) this.restore(c);
    this.relay.cameras.changed();
  }

  private restore(c: StoredCamera): void {
    if (this.relay.cameras.isLocalOnline(c.id)) return;
    // The frame file is written every few seconds while the camera is live: after a crash it is
    // a later sighting than the list's, which is only written when something else changes.
    const seen = Math.max(c.lastSeen, this.frames.timeOf(c.id) ?? 0);
    this.relay.cameras.restore(c.id, { name: c.clientName ?? c.id, lastFrameAt: seen > 0 ? seen : null, width: c.width, height: c.height });
  }

  private forget(id: string): void {
    const now = Date.now();
    for (const [old, at] of this.deletedAt) if (now - at >= DELETED_HIDE_MS) this.deletedAt.delete(old);
    this.deletedAt.set(id, now);
    this.online.delete(id);
    own(this.frames.remove(id), unexpected(`removing the saved frame of ${id}`));
    this.relay.removeCamera(id);
  }
}
