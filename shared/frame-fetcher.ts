/**
 * The viewer's side of frames by reference (`frame-ref`, used on long-polling; see
 * server/transports/socketio/frame-fetch.ts): fetches each JPEG with a plain GET, one download per
 * camera at a time, so a slow link carries one frame at a time; a reference that arrives meanwhile
 * waits, and a newer one replaces it. Runs in the browser and in Node (global `fetch`).
 */
import type { MonitorFrameMeta } from './protocol.js';

export interface FrameFetcherOptions {
  /** The server's origin, for Node; a browser page can leave it out (same origin). */
  base?: string;
  onFrame(meta: MonitorFrameMeta, jpeg: ArrayBuffer): void;
  /** A GET failed (network, or `FRAME_GONE` after it expired): the server has moved on already. */
  onError?(meta: MonitorFrameMeta, reason: string): void;
}

export class FrameFetcher {
  private readonly busy = new Set<string>();
  private readonly waiting = new Map<string, { meta: MonitorFrameMeta; path: string }>();
  private closed = false;

  constructor(private readonly options: FrameFetcherOptions) {}

  /** Handles one `frame-ref` event. */
  ref(meta: MonitorFrameMeta, path: string): void {
    if (this.closed || typeof meta?.cameraId !== 'string' || typeof path !== 'string') return;
    if (this.busy.has(meta.cameraId)) {
      this.waiting.set(meta.cameraId, { meta, path });
      return;
    }
    void this.fetchOne(meta, path);
  }

  close(): void {
    this.closed = true;
    this.waiting.clear();
  }

  private async fetchOne(meta: MonitorFrameMeta, path: string): Promise<void> {
    const id = meta.cameraId;
    this.busy.add(id);
    try {
      const res = await fetch(this.options.base ? new URL(path, this.options.base) : path, { cache: 'no-store', credentials: 'same-origin' });
      if (!res.ok) {
        await res.body?.cancel();
        this.options.onError?.(meta, `HTTP ${res.status}`);
      } else {
        const jpeg = await res.arrayBuffer();
        if (!this.closed) this.options.onFrame(meta, jpeg);
      }
    } catch (err) {
      this.options.onError?.(meta, err instanceof Error ? err.message : String(err));
    } finally {
      this.busy.delete(id);
      const next = this.waiting.get(id);
      this.waiting.delete(id);
      if (next && !this.closed) void this.fetchOne(next.meta, next.path);
    }
  }
}
