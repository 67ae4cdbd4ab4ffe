/**
 * One JSON file of the data folder, the one way every store reads and writes it. Writes go one at a
 * time (one asked for while another runs waits, and takes the newest content), each whole through
 * write-whole.ts, then copied to `<file>.last-good`. A file that reads invalid at start is kept aside
 * as `<file>.invalid-<time>` and the last good copy put back, with one line naming both: a store
 * never starts from its defaults over settings it could not read without saying so.
 */
import { copyFileSync, readFileSync, type Stats } from 'node:fs';
import { writeWhole, writeWholeAsync } from './write-whole.js';

/** Options of a DataFile. */
export interface DataFileOptions {
  /** Told, in one line, of an invalid file and what was done about it. */
  warn?: (line: string) => void;
  /** Whether parsed content is what the store writes (beyond being JSON); defaults to any JSON. */
  check?: (value: unknown) => boolean;
}

interface Waiting {
  serialize: () => string;
  settled: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

type Reading = { kind: 'missing' } | { kind: 'ok'; value: unknown; text: string } | { kind: 'invalid'; why: string };

/** A data-folder file: read once at start, then written whole, one write at a time. */
export class DataFile {
  readonly lastGood: string;
  /** The text the file holds as far as this process knows (last read or written); undefined if none. */
  onDisk: string | undefined;
  private running: Promise<void> | undefined;
  private next: Waiting | undefined;
  private readonly warn: (line: string) => void;
  private readonly check: (value: unknown) => boolean;

  constructor(
    readonly file: string,
    options: DataFileOptions = {},
  ) {
    this.lastGood = `${file}.last-good`;
    this.warn = options.warn ?? ((line) => console.warn(`camrelay: ${line}`));
    this.check = options.check ?? (() => true);
  }

  /** The file's content; the last good copy's if the file is invalid; undefined if there is neither. */
  read(): unknown {
    const main = this.readOne(this.file);
    if (main.kind === 'ok') {
      this.onDisk = main.text;
      return main.value;
    }
    if (main.kind === 'missing') return undefined;
    const aside = this.keepAside();
    const good = this.readOne(this.lastGood);
    if (good.kind !== 'ok') {
      this.warn(`${this.file} is invalid (${main.why}) and there is no good copy to restore: starting without its settings; the invalid file ${aside}`);
      return undefined;
    }
    writeWhole(this.file, good.text);
    this.onDisk = good.text;
    this.warn(`${this.file} is invalid (${main.why}): restored the last good copy (${this.lastGood}); the invalid file ${aside}`);
    return good.value;
  }

  /** Replaces the file with `text` now, holding the event loop (for stores whose callers cannot wait); the written file's stats. */
  writeSync(text: string): Stats {
    const stats = writeWhole(this.file, text);
    this.onDisk = text;
    // Not flushed: the copy matters only if the file is damaged later, and the file itself is on disk.
    this.copyLastGood(() => writeWhole(this.lastGood, text, false));
    return stats;
  }

  /**
   * Writes what `serialize` gives when this write's turn comes; resolves once it is on disk. A write
   * asked for while one runs joins the one waiting, which takes the newest content. A write that fails
   * fails the one waiting after it too: what that one holds was built on memory its store now puts back.
   */
  write(serialize: () => string): Promise<void> {
    if (this.next) {
      this.next.serialize = serialize;
      return this.next.settled;
    }
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const settled = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.next = { serialize, settled, resolve, reject };
    this.running ??= this.drain();
    return settled;
  }

  /** Resolves when no write is running or waiting. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Goes on after write() has kept this promise as `running`: ended synchronously, it would clear it first.
    await undefined;
    try {
      while (this.next) {
        const turn = this.next;
        this.next = undefined;
        try {
          const text = turn.serialize();
          await writeWholeAsync(this.file, text);
          this.onDisk = text;
          await writeWholeAsync(this.lastGood, text, false).catch((err: Error) => this.copyFailed(err));
          turn.resolve();
        } catch (err) {
          turn.reject(err as Error);
          // Asked for while this one ran (the await above), which narrowing cannot see.
          const after = this.next as Waiting | undefined;
          this.next = undefined;
          after?.reject(err as Error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Where the invalid file is kept, in words. */
  private keepAside(): string {
    const aside = `${this.file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      // A copy, not a rename: another node sharing the folder may be reading it at the same moment.
      copyFileSync(this.file, aside);
      return `kept as ${aside}`;
    } catch (err) {
      return `could not be kept aside (${(err as Error).message})`;
    }
  }

  private copyLastGood(copy: () => void): void {
    try {
      copy();
    } catch (err) {
      this.copyFailed(err as Error);
    }
  }

  // The file itself is saved: the copy only matters if it is damaged later, so this is told, not thrown.
  private copyFailed(err: Error): void {
    this.warn(`${this.lastGood} could not be written (${err.message}); ${this.file} itself is saved`);
  }

  private readOne(file: string): Reading {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'invalid', why: (err as Error).message };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { kind: 'invalid', why: (err as Error).message };
    }
    return this.check(value) ? { kind: 'ok', value, text } : { kind: 'invalid', why: 'not the shape this file holds' };
  }
}
