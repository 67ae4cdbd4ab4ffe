/** The relay's own IP cameras: the saved list (ip-camera-store.ts) and one capture process per camera. */
import { maskUrl } from '../../common/secret-url.js';
import type { IpCameraInput, IpCameraView } from '../../shared/ip-camera.js';
import { CaptureProcess } from './capture-process.js';
import type { IpCameraStore } from './ip-camera-store.js';

export interface IpCamerasOptions {
  store: IpCameraStore;
  token: string;
  env?: Record<string, string>;
  onLine?: (cameraId: string, line: string) => void;
}

export class IpCameras {
  private readonly running = new Map<string, CaptureProcess>();
  private server: string | null = null;

  constructor(private readonly opts: IpCamerasOptions) {}

  /** Starts every saved camera once the relay listens at `server` (the address its children reach it by). */
  start(server: string): void {
    this.server = server;
    for (const camera of this.opts.store.list()) this.run(camera);
  }

  /** Saves and (re)starts one; false when the relay has too many. */
  async put(camera: IpCameraInput): Promise<boolean> {
    if (!this.opts.store.put(camera)) return false;
    await this.running.get(camera.id)?.stop();
    this.run(camera);
    return true;
  }

  async delete(id: string): Promise<boolean> {
    const had = this.opts.store.delete(id);
    await this.running.get(id)?.stop();
    this.running.delete(id);
    return had;
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
    await Promise.all([...this.running.values()].map((p) => p.stop()));
    this.running.clear();
  }

  private run(camera: IpCameraInput): void {
    if (this.server === null) return;
    const { token, env, onLine } = this.opts;
    this.running.set(camera.id, new CaptureProcess({ camera, server: this.server, token, env, onLine: (line) => onLine?.(camera.id, line) }));
  }
}
