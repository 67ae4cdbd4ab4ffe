/**
 * What a relay killed on this host left open, put right when the next one starts: a segment is
 * closed as `relay-down` with the frames its file really holds, and an event still under way is
 * closed as cut short at the last moment recorded. Sidecars and looks files whose media is gone are dropped.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { bareRecord, listDir, readJson } from './day-folder.js';
import { scanMedia } from './media-scan.js';
import { classify, type EventRecord, type SegmentFiles, type SegmentRecord } from './segment-files.js';
import { localWriterGone, writerGone } from './writer-gone.js';

/** What repair needs of the index (segment-index.ts): its folders, and to be told which days it rewrote. */
export interface RepairIndex {
  readonly files: SegmentFiles;
  cameras(): Promise<string[]>;
  daysOf(camera: string): Promise<string[]>;
  touched(camera: string, start: number): void;
}

export interface Repaired {
  /** Segments closed as relay-down. */
  closed: number;
  /** Sidecars and looks files dropped because their media was gone. */
  removed: number;
  /** Events closed as cut short. */
  events: number;
  /** Those events, as now written (off-site copies them like any ended event). */
  cutEvents: EventRecord[];
}

/**
 * A segment whose writer is gone, as its file really is: the sidecar trails the file by a few
 * seconds, and counts frames handed to an ffmpeg that may have died before writing them, so only
 * the scan of the file is trusted (a file with no readable fragment holds no frame).
 */
export async function asInterrupted(files: SegmentFiles, record: SegmentRecord, bytes: number): Promise<SegmentRecord> {
  const extent = await scanMedia(files.mediaPath(record), record.format);
  const frames = extent?.frames ?? 0;
  const end = frames > 0 ? record.start + extent!.endMs : record.start;
  return { ...record, frames, end, bytes, state: 'closed', endReason: 'relay-down', writer: undefined };
}

/** Runs once at start, before this relay records anything: every segment and event of this host left open is its predecessor's. */
export async function repair(index: RepairIndex, now: number): Promise<Repaired> {
  const { files } = index;
  const done: Repaired = { closed: 0, removed: 0, events: 0, cutEvents: [] };
  const close = async (record: SegmentRecord, bytes: number) => {
    const closed = await asInterrupted(files, record, bytes);
    await files.writeSidecar(closed);
    done.closed++;
    return closed;
  };
  for (const camera of await index.cameras()) {
    const cut: SegmentRecord[] = [];
    const open: Array<{ record: EventRecord; mtimeMs: number }> = [];
    for (const day of await index.daysOf(camera)) {
      const dir = files.dayDir(camera, day);
      const names = await listDir(dir);
      const withMedia = new Set(names.flatMap((name) => (classify(name)?.kind === 'media' ? [classify(name)!.id] : [])));
      for (const name of names) {
        const c = classify(name);
        const file = path.join(dir, name);
        if (c?.kind === 'looks' && !withMedia.has(c.id)) {
          // A segment deleted while its looks were being appended (or by hand) leaves them behind: nothing plays them.
          await rm(file, { force: true });
          done.removed++;
        } else if (c?.kind === 'media' && !names.includes(`${c.id}.json`)) {
          // Killed before its first sidecar: one is written from what the file holds.
          const media = await stat(file).catch(() => null);
          if (media) cut.push(await close(bareRecord(camera, c.id, c.ext!, media, now), media.size));
        } else if (c?.kind === 'sidecar') {
          const record = await readJson<SegmentRecord>(file);
          if (!record) continue;
          const media = await stat(files.mediaPath(record)).catch(() => null);
          const sidecar = await stat(file).catch(() => null);
          if (!media) {
            await rm(file, { force: true });
            done.removed++;
          } else if (record.state === 'open' && sidecar && writerGone(record, { mediaMs: media.mtimeMs, sidecarMs: sidecar.mtimeMs }, now)) {
            cut.push(await close(record, media.size));
          }
        } else if (c?.kind === 'event') {
          const record = await readJson<EventRecord>(file);
          const info = await stat(file).catch(() => null);
          if (record && info && record.id === c.id && record.camera === camera && record.end === null) open.push({ record, mtimeMs: info.mtimeMs });
        }
      }
      index.touched(camera, Date.parse(day));
    }
    for (const { record, mtimeMs } of open) {
      // Another host's event is that host's to close; one with no writer predates writers and has none left.
      if (record.writer && !localWriterGone(record.writer, mtimeMs)) continue;
      const closed = cutShort(record, cut);
      await files.writeEvent(closed);
      done.events++;
      done.cutEvents.push(closed);
    }
  }
  return done;
}

/** An event the relay's death interrupted, ended at the last moment known: its peak, or the end of the recording the same death cut. */
export function cutShort(record: EventRecord, cut: readonly SegmentRecord[]): EventRecord {
  let end = Math.max(record.start, record.peakAt ?? record.start);
  for (const s of cut) if (s.end >= record.start) end = Math.max(end, s.end);
  return { ...record, end, cutShort: true, writer: undefined };
}
