/**
 * What a segment file really holds, read from its own structure: the frames and the time just after
 * the last. Used for a segment a killed relay left open, whose sidecar is a few seconds behind.
 * Only box and element headers are read (fragmented MP4's moof, Matroska's Cluster timecodes);
 * a truncated tail is not counted.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { boxHeader, mp4Boxes, movieTimescale, trafExtent, trexDuration } from '../../common/codec/fmp4.js';
import type { RecordingFormat } from './settings.js';

export interface MediaExtent {
  frames: number;
  /** Just after the last frame, in ms from the segment's start (its time plus its duration, or the mean interval). */
  endMs: number;
}

export async function scanMedia(file: string, format: RecordingFormat): Promise<MediaExtent | null> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(file, 'r');
    const size = (await fh.stat()).size;
    return format === 'h264' ? await scanMp4(fh, size) : await scanMkv(fh, size);
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

async function read(fh: FileHandle, at: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, at);
  return buf.subarray(0, bytesRead);
}

/** The file read box by box (only moov and moof bodies are read whole); the fields are read by the codec. */
async function scanMp4(fh: FileHandle, size: number): Promise<MediaExtent | null> {
  let timescale = 0;
  let defaultDuration = 0;
  let frames = 0;
  let end = 0;
  // A fragment counts once its mdat is whole: an ffmpeg killed mid-write leaves a moof whose samples are not there.
  let pending: { frames: number; end: number } | null = null;
  for (let at = 0; at + 8 <= size;) {
    const head = boxHeader(await read(fh, at, 8));
    if (!head || head.size < 8 || at + head.size > size) break;
    if (head.type === 'mdat' && pending) {
      frames += pending.frames;
      end = Math.max(end, pending.end);
      pending = null;
    }
    if (head.type === 'moov') {
      const moov = await read(fh, at + 8, head.size - 8);
      timescale = movieTimescale(moov);
      defaultDuration = trexDuration(moov);
    } else if (head.type === 'moof') {
      pending = { frames: 0, end: 0 };
      for (const [t, traf] of mp4Boxes(await read(fh, at + 8, head.size - 8))) {
        if (t !== 'traf') continue;
        const fragment = trafExtent(traf, defaultDuration);
        pending.frames += fragment.frames;
        pending.end = Math.max(pending.end, fragment.end);
      }
    }
    at += head.size;
  }
  return timescale > 0 ? { frames, endMs: Math.round((end * 1000) / timescale) } : null;
}

/** An EBML variable-length number at `at`: its value and its length (IDs keep their marker bits). */
function vint(buf: Buffer, at: number, keepMarker: boolean): { value: number; length: number } | null {
  const first = buf[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > buf.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + buf[at + i]!;
  const unknown = !keepMarker && value === 2 ** (7 * length) - 1;
  return { value: unknown ? -1 : value, length };
}

const CLUSTER = 0x1f43b675;
const SEGMENT = 0x18538067;

async function scanMkv(fh: FileHandle, size: number): Promise<MediaExtent | null> {
  const times: number[] = [];
  for (let at = 0; at < size;) {
    const head = await read(fh, at, 32);
    const id = vint(head, 0, true);
    const len = id && vint(head, id.length, false);
    if (!id || !len) break;
    const bodyAt = at + id.length + len.length;
    // The Segment's size is unknown (the file may end anywhere): its children follow it directly.
    if (id.value === SEGMENT) {
      at = bodyAt;
      continue;
    }
    if (len.value < 0 || bodyAt + len.value > size) break;
    if (id.value === CLUSTER) {
      const tc = head.subarray(bodyAt - at);
      const tcId = vint(tc, 0, true);
      const tcLen = tcId && vint(tc, tcId.length, false);
      if (tcId?.value === 0xe7 && tcLen) {
        let value = 0;
        for (let i = 0; i < tcLen.value; i++) value = value * 256 + tc[tcId.length + tcLen.length + i]!;
        times.push(value);
      }
    }
    at = bodyAt + len.value;
  }
  if (times.length === 0) return { frames: 0, endMs: 0 };
  const last = times.at(-1)!;
  // A JPEG frame has no duration of its own: the mean interval stands for the last one's.
  const step = times.length > 1 ? (last - times[0]!) / (times.length - 1) : 0;
  return { frames: times.length, endMs: Math.round(last + step) };
}
