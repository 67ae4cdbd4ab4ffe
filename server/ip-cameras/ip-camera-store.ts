/**
 * The IP cameras the relay takes in, kept in `<data>/ip-cameras.json` with their credentials. The
 * file is the relay's alone (mode 0600, written whole then renamed); nothing reads it but this store,
 * and nothing it hands out carries a password (the view masks the URLs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IP_CAMERAS_MAX, validateIpCamera, type IpCameraInput } from '../../shared/ip-camera.js';
import { writeWhole } from '../config/write-whole.js';

export interface IpCameraStoreOptions {
  /** Told of a camera in the file that no longer passes the checks (it is skipped, not deleted). */
  onSkipped?: (index: number, why: string) => void;
}

export class IpCameraStore {
  private readonly file: string;
  private readonly cameras = new Map<string, IpCameraInput>();

  constructor(dataDir: string, opts: IpCameraStoreOptions = {}) {
    this.file = path.join(dataDir, 'ip-cameras.json');
    let saved: unknown = [];
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.onSkipped?.(-1, `ip-cameras.json is not readable JSON: ${(err as Error).message}`);
    }
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

  /** Adds or replaces one; false when the relay already has IP_CAMERAS_MAX others. */
  put(camera: IpCameraInput): boolean {
    if (!this.cameras.has(camera.id) && this.cameras.size >= IP_CAMERAS_MAX) return false;
    this.cameras.set(camera.id, camera);
    this.save();
    return true;
  }

  delete(id: string): boolean {
    const had = this.cameras.delete(id);
    if (had) this.save();
    return had;
  }

  private save(): void {
    writeWhole(this.file, JSON.stringify(this.list(), null, 2) + '\n');
  }
}
