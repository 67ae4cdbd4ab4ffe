/**
 * --log FILE: everything the program prints, appended to a file with a timestamp per line, for a program
 * started at logon or as a task with no console to read (#37 item 17). Lines a console redraws in place (the
 * status line) are not copied; the status line writes its own plain line here every 10 s instead.
 */
import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import { CamrelayError } from '../shared/errors.js';
import { maskSecrets } from './sources/camera-url.js';

/** Past this the file is renamed to FILE.1 (replacing an older one) and a new FILE begun: a year at logon stays small. */
export const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/** Escape sequences (clear line, colours): a log is read in Notepad. */
const ESCAPES = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** `--log FILE` or `--log=FILE` as given, read before the flags are parsed, so a bad flag is logged too. */
export function logFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--log') return argv[i + 1];
    if (argv[i]!.startsWith('--log=')) return argv[i]!.slice('--log='.length);
  }
  return undefined;
}

export interface LogFileOptions {
  maxBytes?: number;
  now?: () => Date;
}

export class LogFile {
  /** Null once the file cannot be opened again after a rotation: the console still has every line. */
  private fd: number | null;
  private size: number;
  private readonly maxBytes: number;
  private readonly now: () => Date;
  /** Camera URLs (their passwords) and tokens never written, whatever line holds them. */
  private readonly urls: string[] = [];
  private readonly secrets = new Set<string>();
  /** Per stream, the row being written: a console line is only done at its newline. */
  private readonly rows = new Map<NodeJS.WritableStream, string>();

  /** Opens FILE for appending; BAD_CONFIG naming it when it cannot be (no such folder, no right to write). */
  constructor(
    readonly file: string,
    opts: LogFileOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? LOG_ROTATE_BYTES;
    this.now = opts.now ?? (() => new Date());
    try {
      this.fd = openSync(file, 'a');
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new CamrelayError(
        'BAD_CONFIG',
        `--log ${file}: cannot be opened for appending (${why}); give a file in a folder that exists and this account can write to.`,
      );
    }
    this.size = fstatSync(this.fd).size;
  }

  /** Masks these from now on: camera URLs' passwords (as the console does) and tokens. */
  hide(urls: readonly (string | undefined)[], secrets: readonly (string | undefined)[]): void {
    for (const url of urls) if (url) this.urls.push(url);
    for (const secret of secrets) if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** Appends each line of `text`, stamped `2026-11-24T19:40:00.123Z`, masked, with no escape sequences. */
  line(text: string): void {
    for (const row of text.split(/\r?\n/)) {
      const clean = this.mask(row.replace(ESCAPES, '')).trimEnd();
      if (clean !== '') this.append(`${this.now().toISOString()} ${clean}\n`);
    }
  }

  /** Copies what is written to `stream` from now on: each finished row, not the rows a `\r` redraws in place. */
  tee(stream: NodeJS.WriteStream): void {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.feed(stream, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private feed(stream: NodeJS.WritableStream, text: string): void {
    const parts = ((this.rows.get(stream) ?? '') + text).split('\n');
    const open = parts.pop()!;
    // A `\r` sends the cursor back to the row's start: what follows it is what the row shows.
    for (const part of parts) this.line(part.slice(part.lastIndexOf('\r') + 1));
    this.rows.set(stream, open.slice(open.lastIndexOf('\r') + 1));
  }

  private mask(text: string): string {
    let out = maskSecrets(text, ...this.urls);
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  private append(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    if (this.fd === null) return;
    try {
      writeSync(this.fd, bytes);
      this.size += bytes.length;
    } catch {
      // A full disk or a removed drive must not stop the camera: the console still has every line.
    }
  }

  private rotate(): void {
    try {
      closeSync(this.fd!);
      renameSync(this.file, `${this.file}.1`);
    } catch {
      // Renaming failed (a file held open elsewhere on Windows): go on appending to the same file.
    }
    try {
      this.fd = openSync(this.file, 'a');
      this.size = fstatSync(this.fd).size;
    } catch {
      this.fd = null;
      return;
    }
    // Once full and not renamed, wait for another full file before trying again, not at every line.
    if (this.size >= this.maxBytes) this.size = 0;
  }
}
