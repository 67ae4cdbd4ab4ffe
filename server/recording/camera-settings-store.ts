/**
 * Each camera's recording settings as they stand: the defaults, the config file's, then the changes
 * an admin made (the Admin area, an MQTT command), which are saved in the data folder
 * (`recording-cameras.json`, written through DataFile) for the next start. Its own file: the one place
 * that reads and writes that file, apart from the recorders that apply what it says.
 */
import path from 'node:path';
import { DataFile } from '../config/data-file.js';
import { checkCameraRecording, mergeCamera, type CameraRecording, type CameraRecordingChange, type RecordingConfig } from './settings.js';

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

export class CameraSettingsStore {
  /** A Map: camera ids are the client's, and `constructor` or `toString` is a camera like any other. */
  private saved: Map<string, CameraRecordingChange>;
  private readonly file: DataFile;

  /** `warn`: told when the file was invalid at start and what was restored. */
  constructor(
    dataDir: string,
    private readonly config: RecordingConfig,
    warn?: (line: string) => void,
  ) {
    this.file = new DataFile(path.join(dataDir, 'recording-cameras.json'), { warn, check: isObject });
    this.saved = parseSaved(this.file.read());
  }

  /** A camera's settings: the defaults, the config file's, then an admin's saved changes. */
  of(camera: string): CameraRecording {
    const configured = Object.hasOwn(this.config.cameras, camera) ? this.config.cameras[camera] : undefined;
    return mergeCamera(this.config.defaults, configured, this.saved.get(camera));
  }

  /** Takes an admin's change (checked by the caller) over the ones before; the camera's settings now. `save()` keeps it. */
  change(camera: string, change: CameraRecordingChange): CameraRecording {
    const before = this.saved.get(camera);
    this.saved.set(camera, { ...before, ...change, ...(change.motion || before?.motion ? { motion: { ...before?.motion, ...change.motion } } : {}) });
    return this.of(camera);
  }

  /** Resolves when no write of the file is running or waiting (shutdown: nothing lands after close). */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Writes every saved change; when the disk refuses, memory goes back to what the disk holds and this throws. */
  async save(): Promise<void> {
    try {
      await this.file.write(() => JSON.stringify(Object.fromEntries(this.saved), null, 2));
    } catch (err) {
      this.saved = parseSaved(this.file.onDisk === undefined ? {} : JSON.parse(this.file.onDisk));
      throw err;
    }
  }
}

/** The admin's saved changes; an entry that no longer checks out is skipped rather than stopping the relay. */
function parseSaved(raw: unknown): Map<string, CameraRecordingChange> {
  const saved = new Map<string, CameraRecordingChange>();
  if (!isObject(raw)) return saved;
  for (const [camera, value] of Object.entries(raw)) {
    const checked = checkCameraRecording(value, camera);
    if (checked.ok) saved.set(camera, checked.value);
  }
  return saved;
}
