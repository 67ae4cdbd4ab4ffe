/**
 * Each camera's detection settings: the defaults, then what an admin saved (`detection-cameras.json`
 * in the data folder, written through DataFile). The one place that reads and writes that file.
 */
import path from 'node:path';
import { DETECT_DEFAULTS, type DetectSettings } from '../../common/detect/detect-settings.js';
import { validateDetectSettings } from '../../common/detect/detect-settings-check.js';
import { DataFile } from '../config/data-file.js';

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

export class DetectionStore {
  /** A Map: camera ids are the client's, and `constructor` or `toString` is a camera like any other. */
  private saved: Map<string, DetectSettings>;
  private readonly file: DataFile;

  /** `warn`: told when the file was invalid at start and what was restored. */
  constructor(dataDir: string, warn?: (line: string) => void) {
    this.file = new DataFile(path.join(dataDir, 'detection-cameras.json'), { warn, check: isObject });
    this.saved = parseSaved(this.file.read());
  }

  of(camera: string): DetectSettings {
    return this.saved.get(camera) ?? DETECT_DEFAULTS;
  }

  /** Cameras whose saved settings detect. */
  enabled(): string[] {
    return [...this.saved].filter(([, s]) => s.enabled).map(([camera]) => camera);
  }

  /** Saves a camera's settings; when the disk refuses them, memory goes back to what the disk holds and this throws. */
  async set(camera: string, settings: DetectSettings): Promise<void> {
    this.saved.set(camera, settings);
    await this.save();
  }

  async forget(camera: string): Promise<void> {
    if (!this.saved.delete(camera)) return;
    await this.save();
  }

  /** Resolves when no write of the file is running or waiting (shutdown: nothing lands after close). */
  flush(): Promise<void> {
    return this.file.flush();
  }

  private async save(): Promise<void> {
    try {
      await this.file.write(() => JSON.stringify(Object.fromEntries(this.saved), null, 2));
    } catch (err) {
      this.saved = parseSaved(this.file.onDisk === undefined ? {} : JSON.parse(this.file.onDisk));
      throw err;
    }
  }
}

/** What was saved; an entry that no longer checks out (a hand edit, an older version) is skipped rather than stopping the relay. */
function parseSaved(raw: unknown): Map<string, DetectSettings> {
  const saved = new Map<string, DetectSettings>();
  if (!isObject(raw)) return saved;
  for (const [camera, value] of Object.entries(raw).slice(0, 10_000)) {
    const checked = validateDetectSettings(value);
    if (checked.ok) saved.set(camera, checked.value);
  }
  return saved;
}
