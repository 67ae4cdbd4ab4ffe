/**
 * Data-folder files written whole: to a file of their own beside the target, flushed to the disk, then
 * renamed over it, so a reader (or another cluster node sharing the folder) sees the old file or the new
 * one, never a torn one, and a power cut after the rename cannot leave an empty file where the rename was.
 * The temporary name is unique per write, not only per process: two nodes in containers are both pid 1.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A name beside `file` no other writer uses. */
export function tmpBeside(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Writes `text` to a new file `file` (none may be there) and flushes it to the disk; the file's stats. */
export function writeNewFlushed(file: string, text: string, flush = true): Stats {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, text);
    if (flush) fsyncSync(fd);
    return fstatSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` with `text`, readable by the relay's user alone; the written file's stats (a rename keeps them). `flush: false` skips the fsyncs (a copy the disk may lose). */
export function writeWhole(file: string, text: string, flush = true): Stats {
  const tmp = tmpBeside(file);
  try {
    const stats = writeNewFlushed(tmp, text, flush);
    renameSync(tmp, file);
    if (flush) syncDirSync(path.dirname(file));
    return stats;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** writeWhole without holding the event loop while the disk flushes. */
export async function writeWholeAsync(file: string, text: string | Uint8Array, flush = true): Promise<void> {
  const tmp = tmpBeside(file);
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      if (flush) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    if (flush) await syncDir(path.dirname(file));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Makes a rename in `dir` durable; Windows cannot open a folder to flush it, and renames there need not be. */
function syncDirSync(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR on file systems that do not flush folders: the rename is as durable as they make it.
  } finally {
    closeSync(fd);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // As in syncDirSync.
  } finally {
    await handle.close();
  }
}
