import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanMedia } from '../../../server/recording/media-scan.js';
import { openSink } from '../../../server/recording/segment-sink.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'camrelay-scan-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(5000, 7), Buffer.from([0xff, 0xd9])]);

describe('scanMedia', () => {
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
