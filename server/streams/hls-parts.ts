/**
 * The Low-Latency HLS parts of the segment being made (RFC 8216bis 4.4.4.9): its fragments (one moof+mdat per
 * frame, Mp4Muxer, and the sound's frames riding in the part their time falls in, hls-segmenter.ts) grouped into parts cut at frames, each at most the part target long. A part is listed only
 * once whole, so its duration is known: it ends where the frame after it starts, and a frame comes with its end (the
 * muxer holds each until the next), so no part runs past the target but for a frame longer alone. Pure code, no I/O.
 */

/** How much a part of whole frames may run long or short of its frames' usual span (its two ends' jitter), at most. */
const SPREAD_MS = 10;
/** RFC 8216bis 4.4.4.9: a part (but a segment's last, or one starting with a keyframe) lasts at least this share of the part target. */
const PART_FLOOR = 0.85;

/**
 * The part target for a camera whose frames come every `frameMs` (typicalInterval), aiming at `aimMs`.
 * RFC 8216bis asks every part to last at most the part target and at least 85% of it. Parts are cut at frames, so
 * they last a whole number of frame intervals, give or take their ends' jitter: at 15 fps four frames (267 ms) fit
 * 0.3 s, but at 10 fps three frames (300 ms, in fact 290–310) pass it as often as not, and a 2 fps camera's one
 * frame (500 ms) always does. Kept at the aim where as many frames as fit in it, give or take, stay within it and
 * its 85%; else that many frames and their spread (10 fps: 310 ms; 12 fps: 260; 2 fps: 510), below the segment target.
 */
export function partTargetFor(aimMs: number, frameMs: number, segmentTargetMs: number): number {
  if (!(frameMs > 0) || !Number.isFinite(frameMs)) return aimMs;
  // A tenth of a frame given: a 10 fps camera's usual interval may read 101 ms, and its three frames still fit 0.3 s, give or take.
  const span = Math.max(1, Math.floor(aimMs / frameMs + 0.1)) * frameMs;
  const spread = Math.min(frameMs / 4, SPREAD_MS);
  if (span + spread <= aimMs && span - spread >= PART_FLOOR * aimMs) return aimMs;
  return Math.min(Math.ceil(span + spread), segmentTargetMs - 1);
}

/** How far a measured rate may lie from a whole number of frames a second and still be read as it: 3%. */
const WHOLE_RATE_SLACK = 0.03;

/**
 * A camera's usual frame interval, from the first segment's: the mean of those within a quarter of their median,
 * read as the whole frame rate it is within 3% of (cameras are set to 15 fps, not 15.1). Not the median alone:
 * stamps are whole milliseconds, so a 15 fps camera's intervals read 66 or 67 and their median flipped between the
 * two from run to run, and with it the part target (0.274 s at 66, 0.3 s at 67; CI 30c). Not the mean alone either:
 * a late picture left out (84 ms) and the early one after it kept (50 ms) pull it down, and CI 30f read 66.2 ms,
 * which put the part target at 0.275 s. Those far from the median (a pause, two pictures that came together) are left out.
 */
export function typicalInterval(intervals: number[]): number {
  const sorted = [...intervals].sort((x, y) => x - y);
  const median = sorted[sorted.length >> 1];
  if (median === undefined) return NaN;
  const near = sorted.filter((x) => Math.abs(x - median) <= median / 4);
  const mean = near.reduce((a, b) => a + b, 0) / near.length;
  const whole = Math.round(1000 / mean);
  return whole >= 1 && Math.abs(1000 / mean - whole) <= WHOLE_RATE_SLACK * whole ? 1000 / whole : mean;
}

/** How much longer than the stated interval the first segment's may run and the stated one still be taken: 1.6 times. */
const STATED_STRETCH = 1.6;

/**
 * The frame interval the part target is set from: the one the camera's encoder states (its SPS's timing, h264FrameRate),
 * which a loaded box does not move, unless the first segment's measured one (typicalInterval) is far from it. On a
 * loaded box a 15 fps camera's first segment read 12 and 10 fps (its pictures stamped late), which put the target at
 * 0.26 and 0.31 s, and up to 11 of 23 parts then fell outside RFC 8216bis's bounds once it ran at 15 again (#55).
 * Far from it (a stated rate a camera does not keep), the measured one: an ffmpeg fed JPEGs by a pipe states 25 fps
 * whatever the camera's rate unless told (the capture client's states its --fps, h264-args.ts), and a 15 fps camera's
 * 66.7 ms is 1.67 times its 40.
 */
export function frameInterval(statedMs: number | null, measuredMs: number): number {
  if (statedMs === null) return measuredMs;
  if (!Number.isFinite(measuredMs)) return statedMs;
  const ratio = measuredMs / statedMs;
  return ratio >= 1 / STATED_STRETCH && ratio <= STATED_STRETCH ? statedMs : measuredMs;
}

/** One finished part. */
export interface HlsPart {
  /** Counts up across segments: its URI is `part-<id>.m4s`, and the next id is the preload hint's. */
  id: number;
  /** Capture time of its first frame, ms since the epoch. */
  startAt: number;
  durationMs: number;
  /** It starts with a keyframe: a player may start decoding there. */
  independent: boolean;
  bytes: Buffer;
}

interface Open {
  startAt: number;
  independent: boolean;
  chunks: Uint8Array[];
  size: number;
}

export class PartCutter {
  /** Finished parts, oldest first. */
  readonly done: HlsPart[] = [];
  /** Bytes held: the finished parts and the open one. */
  size = 0;
  /** Frames taken. */
  units = 0;
  private open: Open | null = null;

  constructor(private readonly targetMs: number) {}

  /** Takes one frame's fragment, from `at` to `endAt` (the next frame's time); true when the part before it was finished. */
  push(chunk: Uint8Array, at: number, endAt: number, keyframe: boolean, nextId: () => number): boolean {
    let finished = false;
    const o = this.open;
    // Past the target with this frame, the part ends before it: its end is known (the muxer held it for the next frame).
    if (o && endAt - o.startAt > this.targetMs) {
      this.close(at, nextId);
      finished = true;
    }
    const into = (this.open ??= { startAt: at, independent: keyframe, chunks: [], size: 0 });
    into.chunks.push(chunk);
    into.size += chunk.length;
    this.size += chunk.length;
    this.units++;
    return finished;
  }

  /** Takes one sound frame's fragment into the open part (none open: before the segment's first frame, dropped). */
  append(chunk: Uint8Array): boolean {
    const o = this.open;
    if (!o) return false;
    o.chunks.push(chunk);
    o.size += chunk.length;
    this.size += chunk.length;
    return true;
  }

  /** Ends the open part at `endAt` and gives the segment's bytes, once, with every part a view into them. */
  finish(endAt: number, nextId: () => number): { bytes: Buffer; parts: HlsPart[] } {
    if (this.open) this.close(endAt, nextId);
    const bytes = Buffer.concat(this.done.map((p) => p.bytes));
    let off = 0;
    for (const p of this.done) {
      const length = p.bytes.length;
      p.bytes = bytes.subarray(off, off + length);
      off += length;
    }
    return { bytes, parts: this.done };
  }

  private close(endAt: number, nextId: () => number): void {
    const o = this.open!;
    this.done.push({
      id: nextId(),
      startAt: o.startAt,
      durationMs: Math.max(1, endAt - o.startAt),
      independent: o.independent,
      bytes: Buffer.concat(o.chunks),
    });
    this.open = null;
  }
}
