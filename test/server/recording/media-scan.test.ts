import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanMedia } from '../../../server/recording/media-scan.js';
import { openSink } from '../../../server/recording/segment-sink.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'camrelay-scan-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(5000, 7), Buffer.from([0xff, 0xd9])]);

/** An MP4 box: size, type, payload. */
const box = (type: string, ...payload: Buffer[]) => {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};
const u32 = (...values: number[]) => Buffer.concat(values.map((v) => Buffer.from([v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255])));

/** A fragmented MP4 as ffmpeg writes one: timescale 1000, fragments of `frames` samples 100 ms each, each followed by its mdat. */
function fmp4(fragments: number[]): Buffer {
  const moov = box('moov', box('trak', box('mdia', box('mdhd', u32(0, 0, 0, 1000, 0)))), box('mvex', box('trex', u32(0, 1, 1, 100, 0, 0))));
  let t = 0;
  const parts = [box('ftyp', Buffer.from('isom')), moov];
  for (const frames of fragments) {
    parts.push(
      box('moof', box('traf', box('tfhd', u32(0x08, 1, 100)), box('tfdt', u32(0, t)), box('trun', u32(0, frames)))),
      box('mdat', Buffer.alloc(frames * 500, 1)),
    );
    t += frames * 100;
  }
  return Buffer.concat(parts);
}

describe('scanMedia', () => {
  it('counts the samples of every fragment of an MP4 and where the last one ends', async () => {
    const file = path.join(dir, 'a.mp4');
    writeFileSync(file, fmp4([10, 10, 5]));
    expect(await scanMedia(file, 'h264')).toEqual({ frames: 25, endMs: 2500 });
  });

  it('leaves out a fragment whose samples were not all written (an ffmpeg killed mid-fragment)', async () => {
    const file = path.join(dir, 'a.mp4');
    writeFileSync(file, fmp4([10, 10, 5]));
    truncateSync(file, statSync(file).size - 100);
    expect(await scanMedia(file, 'h264')).toEqual({ frames: 20, endMs: 2000 });
  });

  it('counts the frames of a JPEG-keeping segment and where the last one ends', async () => {
    const file = path.join(dir, 'a.mkv');
    const sink = openSink('jpeg', file, 320, 180, { ffmpegPath: '' });
    for (const ms of [0, 100, 200, 300, 400]) sink.write(ms, jpeg);
    await sink.close();
    expect(await scanMedia(file, 'jpeg')).toEqual({ frames: 5, endMs: 500 });
  });

  it('counts only whole frames of a file cut short', async () => {
    const file = path.join(dir, 'b.mkv');
    const sink = openSink('jpeg', file, 320, 180, { ffmpegPath: '' });
    for (const ms of [0, 100, 200, 300, 400]) sink.write(ms, jpeg);
    await sink.close();
    truncateSync(file, statSync(file).size - 1000);
    expect(await scanMedia(file, 'jpeg')).toEqual({ frames: 4, endMs: 400 });
  });

  it('says nothing of a file it cannot read', async () => {
    expect(await scanMedia(path.join(dir, 'missing.mp4'), 'h264')).toBeNull();
  });
});
