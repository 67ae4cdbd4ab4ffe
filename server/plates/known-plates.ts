/**
 * The owner's known plates (#58): `known-plates.json` in the data folder, written whole through
 * DataFile (one writer at a time, a unique temporary file, fsync and rename), the one place that reads
 * and writes it. The list is saved whole, checked by revision by the route (edit-revision.ts).
 */
import path from 'node:path';
import { checkKnownPlates, type KnownPlate } from '../../shared/plates.js';
import { DataFile } from '../config/data-file.js';

export class KnownPlates {
  private plates: KnownPlate[];
  private readonly file: DataFile;

  /** `warn`: told when the file was invalid at start and what was restored, or when its list no longer checks out. */
  constructor(
    dataDir: string,
    private readonly warn: (line: string) => void = () => {},
  ) {
    this.file = new DataFile(path.join(dataDir, 'known-plates.json'), { warn, check: Array.isArray });
    this.plates = this.parse(this.file.read());
  }

  list(): readonly KnownPlate[] {
    return this.plates;
  }

  /** Replaces the list (checked by the caller); when the disk refuses it, memory goes back to what the disk holds and this throws. */
  async set(plates: KnownPlate[]): Promise<void> {
    const before = this.plates;
    this.plates = plates;
    try {
      await this.file.write(() => JSON.stringify(this.plates, null, 2) + '\n');
    } catch (err) {
      this.plates = before;
      throw err;
    }
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  private parse(raw: unknown): KnownPlate[] {
    if (raw === undefined) return [];
    const checked = checkKnownPlates(raw);
    if (checked.ok) return checked.value;
    this.warn(`${this.file.file} is not a valid list of known plates (${checked.error.message}); starting with none, the file is left as it is`);
    return [];
  }
}
