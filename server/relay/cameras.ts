/**
 * The relay's camera list: this node's own cameras (the registry), other nodes' in cluster mode, the arrangement the
 * saved list gives (names, groups, order), the kinds' marks (whose detector runs here), and the coalesced notice that
 * the list changed. The relay moves the cameras' media; this is what viewers, modules and the cluster see of them.
 */
import type { CameraInfo } from '../../shared/protocol.js';
import { mergeCameras, preferredCamera } from './camera-list.js';
import type { CameraRegistry, KnownCamera } from './camera-registry.js';
import { ListNotice } from './list-notice.js';

export class Cameras {
  private readonly notice = new ListNotice();
  private remote: (() => CameraInfo[]) | null = null;
  private arrange: (list: CameraInfo[]) => CameraInfo[] = (list) => list;

  /** `mark`: what the relay's kinds say on the list (kinds.ts). */
  constructor(
    private readonly registry: CameraRegistry,
    private readonly mark: (list: CameraInfo[]) => CameraInfo[],
  ) {
    registry.onChange(() => this.changed());
  }

  /**
   * Cameras viewers see: this node's own and (in cluster mode) those of other nodes, an online
   * entry winning over an offline one, in the order the arrangement (the saved list) gives.
   */
  list(): CameraInfo[] {
    return this.mark(this.arrange(mergeCameras(this.registry.list(), this.remote?.() ?? [])));
  }

  /** One camera as viewers see it, local or remote. */
  get(id: string): CameraInfo | undefined {
    let found = this.registry.get(id);
    for (const c of this.remote?.() ?? []) if (c.id === id) found = found ? preferredCamera(found, c) : c;
    return found && this.mark(this.arrange([found]))[0];
  }

  /** This node's own cameras, those whose detector runs here marked (cluster mode announces them; metrics count them). */
  listLocal(): CameraInfo[] {
    return this.mark(this.registry.list());
  }

  /** One of this node's own cameras, as the registry has it (no admin names applied). */
  getLocal(id: string): CameraInfo | undefined {
    return this.registry.get(id);
  }

  /** True when the camera is connected to this node (its frames then come from here, not Redis). */
  isLocalOnline(id: string): boolean {
    return this.registry.isOnline(id);
  }

  /** A saved camera not connected here is put back in the list, offline (camera-keeper.ts). */
  restore(id: string, known: KnownCamera): void {
    this.registry.restore(id, known);
  }

  /** Where names, groups and the order of the list come from (camera-keeper.ts): applied to every list. */
  setArrangement(arrange: (list: CameraInfo[]) => CameraInfo[]): void {
    this.arrange = arrange;
  }

  /** Cluster mode: where the cameras of other nodes come from. */
  setRemote(source: () => CameraInfo[]): void {
    this.remote = source;
  }

  /** Tells viewers the list changed, for a reason the registry does not see (other nodes, a kind's mark). */
  changed(): void {
    this.notice.changed();
  }

  /** Listens for list changes (coalesced by the tick for rate-only changes). */
  onChanged(listener: () => void): () => void {
    return this.notice.listen(listener);
  }

  /** Hears changes of this node's own cameras (connects, status, frames' sizes), uncoalesced. */
  onLocalChange(listener: () => void): () => void {
    return this.registry.onChange(listener);
  }

  /** Hears the last capture connection of one of this node's cameras end. */
  onIngestEnded(listener: (cameraId: string) => void): () => void {
    return this.registry.onConnectionsEnded(listener);
  }

  close(): void {
    this.notice.close();
  }
}
