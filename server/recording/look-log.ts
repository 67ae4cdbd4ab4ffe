/**
 * The recorder as one more reader of the objects track (#56 item 5): each look of a camera that
 * records goes, as one JSON line stamped with its `at` (the relay's clock, as the segments' times),
 * into `<segment id>.looks.jsonl` beside the open segment. Appends go through a queue bounded in
 * bytes, and each segment's file stops at LOOKS_FILE_MAX bytes (said once). A crash leaves at most a
 * torn last line, which readLooks skips; retention and camera deletion remove the file with its segment.
 */
import { appendFile, readFile, stat } from 'node:fs/promises';
import { LIVE_OBJECTS_MAX, LIVE_OBJECTS_SHOWN_MS, type LiveObjects, type RecordedLook } from '../../shared/live-objects.js';
import type { RecordingManager } from './recording-manager.js';
import type { Track, TrackReader } from '../tracks/track.js';
import type { SegmentFiles, SegmentRecord } from './segment-files.js';

/** A segment's looks file stops here: ~9,000 looks of one box (114 bytes a line), ~360 of 50 boxes. */
export const LOOKS_FILE_MAX = 1024 * 1024;
/** Looks waiting for the disk, over every camera: a stuck disk costs looks, never memory. */
export const LOOKS_QUEUE_MAX = 256 * 1024;
/** One answer of readLooks holds at most this many bytes of looks; the rest is said to be cut. */
export const LOOKS_READ_MAX = 4 * 1024 * 1024;

/** What the log needs of the objects track: a reader's subscribe and unsubscribe, as every reader of a track has. */
export type LooksTrack = Pick<Track<LiveObjects>, 'subscribe' | 'unsubscribe'>;

export interface LookLogDeps {
  files: SegmentFiles;
  track: LooksTrack;
  /** Segments the camera's recorder has opened so far (a new number: a new segment), or null while none is open. */
  opened(camera: string): number | null;
  /** The segment being written for the camera (asked once per new segment). */
  openSegment(camera: string): Promise<Pick<SegmentRecord, 'id' | 'start'> | null>;
  onError(camera: string, message: string): void;
}

type Target = Pick<SegmentRecord, 'camera' | 'id' | 'start'>;

interface Open {
  opened: number;
  current: Target;
  /** The segment before: a look taken just before a rotation and written after it belongs there. */
  previous: Target | null;
}

export class LookLog {
  readonly counts = { written: 0, noSegment: 0, queueFull: 0, fileFull: 0, error: 0 };
  private readonly reader: TrackReader;
  private cameras = new Set<string>();
  private queue: Array<{ look: LiveObjects; line: string }> = [];
  private queueBytes = 0;
  private pumping: Promise<void> | null = null;
  private readonly open = new Map<string, Open>();
  /** Bytes in each looks file written to lately (its segment and the one before, per camera). */
  private readonly sizes = new Map<string, number>();
  private closed = false;

  constructor(private readonly d: LookLogDeps) {
    this.reader = { wants: (id) => this.cameras.has(id), paused: false };
  }

  /** The cameras recorded now: their looks are kept from now on, the others' no longer. */
  follow(cameraIds: readonly string[]): void {
    if (this.closed) return;
    this.cameras = new Set(cameraIds);
    for (const [id, o] of this.open) {
      if (this.cameras.has(id)) continue;
      for (const t of [o.current, o.previous]) if (t) this.sizes.delete(this.d.files.looksPath(t));
      this.open.delete(id);
    }
    this.d.track.subscribe(this.reader, [...this.cameras], { write: (look, done) => (this.take(look), done()) });
  }

  /** Stops reading and waits for what is queued to be written. */
  async close(): Promise<void> {
    this.closed = true;
    this.d.track.unsubscribe(this.reader);
    await this.written();
  }

  /** Resolves once every look queued so far is written (or dropped). */
  async written(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private take(look: LiveObjects): void {
    const line = `${JSON.stringify({ at: look.at, width: look.width, height: look.height, boxes: look.boxes })}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.queueBytes + bytes > LOOKS_QUEUE_MAX) return void this.counts.queueFull++;
    this.queue.push({ look, line });
    this.queueBytes += bytes;
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const { look, line } = this.queue.shift()!;
      this.queueBytes -= Buffer.byteLength(line);
      const target = await this.targetOf(look);
      if (!target) this.counts.noSegment++;
      else await this.append(target, line);
    }
  }

  /** The segment a look belongs to: the open one, or the one before when the look was taken before the open one began. */
  private async targetOf(look: LiveObjects): Promise<Target | null> {
    const camera = look.cameraId;
    const opened = this.d.opened(camera);
    if (opened === null) return null;
    let o = this.open.get(camera);
    if (o?.opened !== opened) {
      const s = await this.d.openSegment(camera).catch(() => null);
      if (!s) return null;
      const current = { camera, id: s.id, start: s.start };
      const previous = o && o.current.id !== s.id ? o.current : (o?.previous ?? null);
      // Only the open segment and the one before are written to: the size of the one before that is let go.
      if (o?.previous && o.previous !== previous) this.sizes.delete(this.d.files.looksPath(o.previous));
      o = { opened, current, previous };
      this.open.set(camera, o);
    }
    return look.at < o.current.start && o.previous ? o.previous : o.current;
  }

  private async append(target: Target, line: string): Promise<void> {
    const file = this.d.files.looksPath(target);
    let size = this.sizes.get(file);
    if (size === undefined)
      size = await stat(file).then(
        (s) => s.size,
        () => 0,
      );
    if (size >= LOOKS_FILE_MAX) return void this.counts.fileFull++;
    const bytes = Buffer.byteLength(line);
    if (size + bytes > LOOKS_FILE_MAX) {
      this.sizes.set(file, LOOKS_FILE_MAX);
      this.counts.fileFull++;
      return this.d.onError(target.camera, `segment ${target.id} holds ${LOOKS_FILE_MAX} bytes of detected objects: its later looks are not kept`);
    }
    try {
      // The day folder is the segment's: a camera deleted meanwhile is not made again.
      await appendFile(file, line, { flag: 'a' });
      this.sizes.set(file, size + bytes);
      this.counts.written++;
    } catch (err) {
      this.counts.error++;
      this.sizes.set(file, LOOKS_FILE_MAX);
      this.d.onError(target.camera, `the detected objects of segment ${target.id} could not be kept: ${(err as Error).message}`);
    }
  }
}

/** What recordLooks needs of the relay: its objects track and its own cameras, and hearing them change. */
export interface LooksRelay {
  tracks: { objects: LooksTrack };
  cameras: { listLocal(): ReadonlyArray<{ id: string; online: boolean }>; onLocalChange(listener: () => void): unknown };
}

/** The recording module's log of looks: it follows the cameras here that record, as they come and as their mode changes. */
export function recordLooks(
  relay: LooksRelay,
  manager: Pick<RecordingManager, 'files' | 'status' | 'openSegment' | 'settingsOf' | 'onConfigured'>,
  onError: LookLogDeps['onError'],
): LookLog {
  const looks = new LookLog({
    files: manager.files,
    track: relay.tracks.objects,
    opened: (camera) => {
      const { state, segments } = manager.status(camera);
      return state === 'recording' ? segments : null;
    },
    openSegment: (camera) => manager.openSegment(camera),
    onError,
  });
  // Cameras connected here that record (recording/index.ts: another node's camera is that node's to log).
  const follow = () => looks.follow(relay.cameras.listLocal().flatMap((c) => (c.online && manager.settingsOf(c.id).mode !== 'off' ? [c.id] : [])));
  relay.cameras.onLocalChange(follow);
  manager.onConfigured(follow);
  return looks;
}

/** One line read back, or null: a torn last line, a hand edit, anything not a look. */
export function parseLook(line: string): RecordedLook | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { at, width, height, boxes } = v as Record<string, unknown>;
  if (![at, width, height].every((n) => typeof n === 'number' && Number.isFinite(n)) || !Array.isArray(boxes)) return null;
  const ok = boxes.every((b: unknown) => {
    const { label, score, box } = (b ?? {}) as Record<string, unknown>;
    return typeof label === 'string' && typeof score === 'number' && Array.isArray(box) && box.length === 4 && box.every((n) => typeof n === 'number');
  });
  if (!ok) return null;
  return { at: at as number, width: width as number, height: height as number, boxes: (boxes as LiveObjects['boxes']).slice(0, LIVE_OBJECTS_MAX) };
}

/**
 * The looks kept in `segments`' files with `at` in [from, to), oldest first, and whether the answer
 * was cut at LOOKS_READ_MAX. A look up to LIVE_OBJECTS_SHOWN_MS before `from` comes too: it is still
 * shown at `from`.
 */
export async function readLooks(files: SegmentFiles, segments: Target[], from: number, to: number): Promise<{ looks: RecordedLook[]; cut: boolean }> {
  const looks: RecordedLook[] = [];
  let bytes = 0;
  for (const s of segments) {
    const text = await readFile(files.looksPath(s), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const look = line ? parseLook(line) : null;
      if (!look || look.at < from - LIVE_OBJECTS_SHOWN_MS || look.at >= to) continue;
      bytes += line.length + 1;
      if (bytes > LOOKS_READ_MAX) return { looks: looks.sort((a, b) => a.at - b.at), cut: true };
      looks.push(look);
    }
  }
  return { looks: looks.sort((a, b) => a.at - b.at), cut: false };
}
