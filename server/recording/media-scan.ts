/**
 * What a segment file really holds, read from its own structure: the frames and the time just after
 * the last. Used for a segment a killed relay left open, whose sidecar is a few seconds behind.
 * Only box and element headers are read (fragmented MP4's moof, Matroska's Cluster timecodes);
 * a truncated tail is not counted.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { mp4Boxes as boxes } from '../../common/codec/fmp4.js';
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

const child = (buf: Buffer, type: string) => [...boxes(buf)].find(([t]) => t === type)?.[1];

async function scanMp4(fh: FileHandle, size: number): Promise<MediaExtent | null> {
  let timescale = 0;
  let trexDuration = 0;
  let frames = 0;
  let end = 0;
  // A fragment counts once its mdat is whole: an ffmpeg killed mid-write leaves a moof whose samples are not there.
  let pending: { frames: number; end: number } | null = null;
  for (let at = 0; at + 8 <= size;) {
    const head = await read(fh, at, 8);
    const boxSize = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (boxSize < 8 || at + boxSize > size) break;
    if (type === 'mdat' && pending) {
      frames += pending.frames;
      end = Math.max(end, pending.end);
      pending = null;
    }
    if (type === 'moov' || type === 'moof') {
      const body = await read(fh, at + 8, boxSize - 8);
      if (type === 'moov') {
        const mdhd = child(child(child(body, 'trak') ?? Buffer.alloc(0), 'mdia') ?? Buffer.alloc(0), 'mdhd');
        if (mdhd) timescale = mdhd[0] === 1 ? mdhd.readUInt32BE(20) : mdhd.readUInt32BE(12);
        const trex = child(child(body, 'mvex') ?? Buffer.alloc(0), 'trex');
        if (trex) trexDuration = trex.readUInt32BE(12);
      } else {
        pending = { frames: 0, end: 0 };
        for (const [t, traf] of boxes(body)) {
          if (t !== 'traf') continue;
          const fragment = trafExtent(traf, trexDuration);
          pending.frames += fragment.frames;
          pending.end = Math.max(pending.end, fragment.end);
        }
      }
    }
    at += boxSize;
  }
  return timescale > 0 ? { frames, endMs: Math.round((end * 1000) / timescale) } : null;
}

/** Samples of one track fragment and the decode time just after its last. */
function trafExtent(traf: Buffer, trexDuration: number): { frames: number; end: number } {
  let defaultDuration = trexDuration;
  const tfhd = child(traf, 'tfhd');
  if (tfhd) {
    const flags = tfhd.readUInt32BE(0) & 0xffffff;
    const at = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
    if (flags & 0x08) defaultDuration = tfhd.readUInt32BE(at);
  }
  const tfdt = child(traf, 'tfdt');
  let t = tfdt ? (tfdt[0] === 1 ? Number(tfdt.readBigUInt64BE(4)) : tfdt.readUInt32BE(4)) : 0;
  let frames = 0;
  for (const [type, trun] of boxes(traf)) {
    if (type !== 'trun') continue;
    const flags = trun.readUInt32BE(0) & 0xffffff;
    const count = trun.readUInt32BE(4);
    let at = 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
    const per = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
    for (let i = 0; i < count && at + per <= trun.length; i++, at += per) {
      t += flags & 0x100 ? trun.readUInt32BE(at) : defaultDuration;
      frames++;
    }
  }
  return { frames, end: t };
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
