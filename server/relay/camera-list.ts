/** One camera list out of this node's cameras and those other nodes announce (cluster mode). */
import type { CameraInfo } from '../../shared/protocol.js';

/**
 * Which of two entries for one camera viewers should see: an online one over an offline one (every
 * node lists every saved camera, offline until it connects there), else the one seen last.
 */
export function preferredCamera(a: CameraInfo, b: CameraInfo): CameraInfo {
  if (a.online !== b.online) return a.online ? a : b;
  return (b.lastFrameAt ?? -Infinity) > (a.lastFrameAt ?? -Infinity) ? b : a;
}

/** Local entries first, then remote ones, one entry per camera id. */
export function mergeCameras(local: CameraInfo[], remote: CameraInfo[]): CameraInfo[] {
  if (remote.length === 0) return local;
  const byId = new Map(local.map((c) => [c.id, c]));
  for (const c of remote) {
    const known = byId.get(c.id);
    byId.set(c.id, known ? preferredCamera(known, c) : c);
  }
  return [...byId.values()];
}
