/**
 * Reading a camera's day folder as the index and the start-up repair both do: forgiving of a
 * folder or file that vanishes meanwhile (retention, another node) or a sidecar caught half-written.
 */
import { readdir, readFile } from 'node:fs/promises';
import { formatOf, type SegmentRecord } from './segment-files.js';
import { STALE_OPEN_MS } from './writer-gone.js';

/** A folder's names, or none when it is gone. */
export async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** A JSON file's content, or null when it is gone or not (yet) whole JSON. */
export async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/**
 * A media file with no (readable) sidecar, as far as its name and mtime tell: a file still
 * growing is a segment just opened, its first sidecar not yet written (listed as open, not as a
 * relay that went down); one left alone was killed before that sidecar.
 */
export function bareRecord(camera: string, id: string, ext: string, info: { size: number; mtimeMs: number }, now: number): SegmentRecord {
  const start = Number(id);
  const growing = now - info.mtimeMs < STALE_OPEN_MS;
  return {
    id,
    camera,
    start,
    end: Math.max(start, info.mtimeMs),
    frames: 0,
    bytes: info.size,
    format: formatOf(ext),
    width: 0,
    height: 0,
    state: growing ? 'open' : 'closed',
    endReason: growing ? null : 'relay-down',
  };
}
