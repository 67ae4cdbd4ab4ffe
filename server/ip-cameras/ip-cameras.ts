/** The relay's own IP cameras: the saved list (ip-camera-store.ts) and one capture process per camera. */
import { maskUrl } from '../../common/secret-url.js';
import type { IpCameraInput, IpCameraView } from '../../shared/ip-camera.js';
import { CaptureProcess } from './capture-process.js';
import type { IpCameraStore } from './ip-camera-store.js';
import { own, unexpected } from '../../common/own.js';

export interface IpCamerasOptions {
  store: IpCameraStore;
  token: string;
  env?: Record<string, string>;
  onLine?: (cameraId: string, line: string) => void;
  /** Told of a change that failed (the store's file not writable, say); the camera's later changes still run. */
  onError?: (cameraId: string, err: unknown) => void;
}

export class IpCameras {
  private readonly running = new Map<string, CaptureProcess>();
  /** Per camera, the end of its last queued change: each change waits for the one before (#37 item 6). */
  private readonly changes = new Map<string, Promise<void>>();
  private server: string | null = null;
  private closed = false;

  constructor(private readonly opts: IpCamerasOptions) {}

  /** Starts every saved camera once the relay listens at `server` (the address its children reach it by). */
  start(server: string): void {
    this.server = server;
    for (const camera of this.opts.store.list()) if (!this.running.has(camera.id)) this.run(camera);
  }

  /**
   * Saves and (re)starts one, after its earlier changes: `full` when the relay has too many, `stale`
   * when `accept` refuses the entry as it stands then (another admin saved it first).
   */
  put(camera: IpCameraInput, accept: (current: IpCameraInput | undefined) => boolean = () => true): Promise<'saved' | 'full' | 'stale'> {
    return this.queue(camera.id, async () => {
      // Checked in the queue, not before it: two saves of one camera cannot both pass.
      if (!accept(this.opts.store.get(camera.id))) return 'stale';
      if (this.closed || !this.opts.store.put(camera)) return 'full';
      await this.end(camera.id);
      this.run(camera);
      return 'saved';
    });
  }

  /** One saved camera as given, credentials and all: for the routes' revisions, never for an answer. */
  get(id: string): IpCameraInput | undefined {
    return this.opts.store.get(id);
  }

  /** Forgets one and ends its process (running, starting or waiting to start again), after its earlier changes. */
  delete(id: string): Promise<boolean> {
    return this.queue(id, async () => {
      const had = this.opts.store.delete(id);
      await this.end(id);
      return had;
    });
  }

  list(): IpCameraView[] {
    return this.opts.store.list().map((c) => this.view(c));
  }

  view(c: IpCameraInput): IpCameraView {
    const p = this.running.get(c.id);
    return {
      id: c.id,
      name: c.name ?? c.id,
      kind: c.kind,
      url: maskUrl(c.url),
      recordUrl: c.recordUrl === undefined ? null : maskUrl(c.recordUrl),
      rtspTransport: c.rtspTransport ?? 'tcp',
      fps: c.fps ?? 10,
      state: p?.state ?? 'starting',
      lastLine: p?.lastLine ?? null,
      restarts: p?.restarts ?? 0,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.changes.values()]);
    await Promise.all([...this.running.keys()].map((id) => this.end(id)));
  }

  /**
   * Runs `change` once every earlier change of the same camera has ended, so a double-clicked Save
   * then Delete cannot interleave their stops and starts and leave a process nobody holds.
   */
  private queue<T>(id: string, change: () => Promise<T>): Promise<T> {
    const result = (this.changes.get(id) ?? Promise.resolve()).then(change);
    // The chain's owner: a failed change is told once and does not block the camera's next one.
    const tail = result.then(
      () => undefined,
      (err: unknown) => this.opts.onError?.(id, err),
    );
    this.changes.set(id, tail);
    own(
      tail.then(() => {
        if (this.changes.get(id) === tail) this.changes.delete(id);
      }),
      unexpected(`forgetting the changes of IP camera ${id}`),
    );
    return result;
  }

  private async end(id: string): Promise<void> {
    const p = this.running.get(id);
    if (!p) return;
    await p.stop();
    if (this.running.get(id) === p) this.running.delete(id);
  }

  private run(camera: IpCameraInput): void {
    if (this.server === null || this.closed) return;
    const { token, env, onLine } = this.opts;
    this.running.set(camera.id, new CaptureProcess({ camera, server: this.server, token, env, onLine: (line) => onLine?.(camera.id, line) }));
  }
}
