/**
 * Data-folder files written whole: to a file of their own beside the target, then renamed over it, so a
 * reader (or another cluster node sharing the folder) sees the old file or the new one, never a torn one.
 * The temporary name is unique per write, not only per process: two nodes in containers are both pid 1.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** A name beside `file` no other writer uses. */
export function tmpBeside(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Replaces `file` with `text`, readable by the relay's user alone. */
export function writeWhole(file: string, text: string): void {
  const tmp = tmpBeside(file);
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
