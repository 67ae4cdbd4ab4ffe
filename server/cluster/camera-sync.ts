/**
 * The camera list across nodes: each node announces its own cameras every tick through the
 * Socket.IO Redis adapter (`serverSideEmit`), and keeps what the others announced. A node that
 * stops announcing (dead, or cut off from Redis) has its cameras shown offline after the offline
 * timeout, and forgotten after the forget timeout.
 */
import type { CameraInfo } from '../../shared/protocol.js';
import { validatePtzCaps } from '../../shared/ptz.js';

/**
 * What viewers must be told about when it changes: as the local registry, not `lastFrameAt` or
 * `framesIn`, which differ in every announcement of a live camera.
 */
function seen(cameras: CameraInfo[]): string {
  return JSON.stringify(
    cameras.map((c) => [
      c.id,
      c.name,
      c.online,
      c.status,
      c.fps,
      c.ingest,
      c.width,
      c.height,
      c.source?.error ?? null,
      c.ptz ?? null,
      c.talk?.talking ?? null,
      c.talk ? 1 : 0,
    ]),
  );
}

export interface Announcement {
  nodeId: string;
  cameras: CameraInfo[];
}

interface NodeState {
  at: number;
  cameras: CameraInfo[];
  stale: boolean;
}

/** Another node's caps reach viewers' PTZ pads: bounded as a capture client's own are (64 presets, short names). */
const boundedPtz = (c: CameraInfo): CameraInfo => (!c || c.ptz === undefined ? c : { ...c, ptz: validatePtzCaps(c.ptz) ?? undefined });

/** Another node's talk (who talks through the camera, shown on every page): a short name, or none. */
const boundedTalk = (c: CameraInfo): CameraInfo => {
  if (!c || c.talk === undefined) return c;
  const who = (c.talk as { talking?: unknown } | null)?.talking;
  return {
    ...c,
    talk: typeof c.talk === 'object' && c.talk !== null ? (typeof who === 'string' && who !== '' ? { talking: who.slice(0, 64) } : {}) : undefined,
  };
};

// A silent node's capture clients are gone with it, and so is what they said about their cameras.
const offline = (c: CameraInfo): CameraInfo => ({
  ...c,
  online: false,
  status: 'offline',
  ingest: null,
  fps: 0,
  source: undefined,
  ptz: undefined,
  talk: undefined,
  h264: undefined,
  h264Rungs: undefined,
});

export class CameraSync {
  private readonly nodes = new Map<string, NodeState>();

  constructor(
    private readonly nodeId: string,
    private readonly offlineAfterMs: number,
    private readonly forgetAfterMs: number,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Another node's announcement; returns nothing, tells `onChange` when the list changed. */
  receive(a: Announcement): void {
    if (!a || typeof a.nodeId !== 'string' || a.nodeId === this.nodeId || !Array.isArray(a.cameras)) return;
    const before = this.nodes.get(a.nodeId);
    const cameras = a.cameras.map((c) => boundedTalk(boundedPtz(c)));
    this.nodes.set(a.nodeId, { at: this.now(), cameras, stale: false });
    if (!before || before.stale || seen(before.cameras) !== seen(cameras)) this.onChange();
  }

  /** Marks silent nodes stale, forgets long-silent ones; call it on the cluster tick. */
  tick(): void {
    const now = this.now();
    let changed = false;
    for (const [id, node] of this.nodes) {
      const silence = now - node.at;
      if (silence >= this.forgetAfterMs) {
        this.nodes.delete(id);
        changed = true;
      } else if (!node.stale && silence >= this.offlineAfterMs) {
        node.stale = true;
        changed = true;
      }
    }
    if (changed) this.onChange();
  }

  /** Cameras of the other nodes, offline where their node went silent. */
  cameras(): CameraInfo[] {
    const all: CameraInfo[] = [];
    for (const node of this.nodes.values()) for (const c of node.cameras) all.push(node.stale ? offline(c) : c);
    return all;
  }
}
