/**
 * Each camera's recording settings as they stand: the defaults, the config file's, then the changes
 * an admin made (the Admin area, an MQTT command), which are saved in the data folder
 * (`recording-cameras.json`) for the next start. Its own file: the one place that reads and writes
 * that file, apart from the recorders that apply what it says.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkCameraRecording, mergeCamera, type CameraRecording, type CameraRecordingChange, type RecordingConfig } from './settings.js';

export class CameraSettingsStore {
  private readonly saved: Record<string, CameraRecordingChange>;
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly config: RecordingConfig,
  ) {
    this.file = path.join(dataDir, 'recording-cameras.json');
    this.saved = readSaved(this.file);
  }

  /** A camera's settings: the defaults, the config file's, then an admin's saved changes. */
  of(camera: string): CameraRecording {
    return mergeCamera(this.config.defaults, this.config.cameras[camera], this.saved[camera]);
  }

  /** Takes an admin's change (checked by the caller) over the ones before; the camera's settings now. `save()` keeps it. */
  change(camera: string, change: CameraRecordingChange): CameraRecording {
    const before = this.saved[camera];
    this.saved[camera] = { ...before, ...change, ...(change.motion || before?.motion ? { motion: { ...before?.motion, ...change.motion } } : {}) };
    return this.of(camera);
  }

  /** Writes every saved change, whole or not at all (a temporary file renamed over the old one). */
  async save(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(this.saved, null, 2));
    await rename(tmp, this.file);
  }
}

/** The admin's saved changes; a file that no longer checks out is ignored rather than stopping the relay. */
function readSaved(file: string): Record<string, CameraRecordingChange> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  const saved: Record<string, CameraRecordingChange> = {};
  if (typeof raw !== 'object' || raw === null) return saved;
  for (const [camera, value] of Object.entries(raw)) {
    const checked = checkCameraRecording(value, camera);
    if (checked.ok) saved[camera] = checked.value;
  }
  return saved;
}
