/**
 * Each camera's detection settings: the defaults, then what an admin saved (`detection-cameras.json`
 * in the data folder, written whole or not at all). The one place that reads and writes that file.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DETECT_DEFAULTS, validateDetectSettings, type DetectSettings } from '../../common/detect/detect-settings.js';

export class DetectionStore {
  private readonly saved: Record<string, DetectSettings>;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'detection-cameras.json');
    this.saved = readSaved(this.file);
  }

  of(camera: string): DetectSettings {
    return this.saved[camera] ?? DETECT_DEFAULTS;
  }

  /** Cameras whose saved settings detect. */
  enabled(): string[] {
    return Object.keys(this.saved).filter((c) => this.saved[c]!.enabled);
  }

  async set(camera: string, settings: DetectSettings): Promise<void> {
    this.saved[camera] = settings;
    await this.save();
  }

  async forget(camera: string): Promise<void> {
    if (!(camera in this.saved)) return;
    delete this.saved[camera];
    await this.save();
  }

  private async save(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(this.saved, null, 2));
    await rename(tmp, this.file);
  }
}

/** What was saved; an entry that no longer checks out (a hand edit, an older version) is skipped rather than stopping the relay. */
function readSaved(file: string): Record<string, DetectSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  const saved: Record<string, DetectSettings> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return saved;
  for (const [camera, value] of Object.entries(raw).slice(0, 10_000)) {
    const checked = validateDetectSettings(value);
    if (checked.ok) saved[camera] = checked.value;
  }
  return saved;
}
