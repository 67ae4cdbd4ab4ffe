/**
 * The IP cameras the relay takes in, kept in `<data>/ip-cameras.json` with their credentials. The
 * file is the relay's alone (mode 0600, written whole then renamed); nothing reads it but this store,
 * and nothing it hands out carries a password (the view masks the URLs).
 */
import path from 'node:path';
import { IP_CAMERAS_MAX, validateIpCamera, type IpCameraInput } from '../../shared/ip-camera.js';
import { DataFile } from '../config/data-file.js';

export interface IpCameraStoreOptions {
  /** Told of a camera in the file that no longer passes the checks (it is skipped, not deleted). */
  onSkipped?: (index: number, why: string) => void;
}

export class IpCameraStore {
  private readonly file: DataFile;
  private readonly cameras = new Map<string, IpCameraInput>();

  constructor(dataDir: string, opts: IpCameraStoreOptions = {}) {
    const warn = opts.onSkipped && ((line: string) => opts.onSkipped!(-1, line));
    this.file = new DataFile(path.join(dataDir, 'ip-cameras.json'), { warn, check: Array.isArray });
    const saved = this.file.read() ?? [];
    const list = Array.isArray(saved) ? saved.slice(0, IP_CAMERAS_MAX) : [];
    list.forEach((entry, i) => {
      const checked = validateIpCamera(entry);
      if (checked.ok) this.cameras.set(checked.value.id, checked.value);
      else opts.onSkipped?.(i, checked.error.message);
    });
  }

  list(): IpCameraInput[] {
    return [...this.cameras.values()];
  }

  get(id: string): IpCameraInput | undefined {
    return this.cameras.get(id);
  }

  /** Adds or replaces one; false when the relay already has IP_CAMERAS_MAX others. Throws, changing nothing, when the disk refuses it. */
  put(camera: IpCameraInput): boolean {
    if (!this.cameras.has(camera.id) && this.cameras.size >= IP_CAMERAS_MAX) return false;
    const before = this.cameras.get(camera.id);
    this.cameras.set(camera.id, camera);
    this.save(() => (before ? this.cameras.set(camera.id, before) : this.cameras.delete(camera.id)));
    return true;
  }

  delete(id: string): boolean {
    const before = this.cameras.get(id);
    if (!before) return false;
    this.cameras.delete(id);
    this.save(() => this.cameras.set(id, before));
    return true;
  }

  /** Writes the list; when that fails, `undo` puts memory back to what the disk holds and the error is thrown. */
  private save(undo: () => void): void {
    try {
      this.file.writeSync(JSON.stringify(this.list(), null, 2) + '\n');
    } catch (err) {
      undo();
      throw err;
    }
  }
}
