/**
 * The file source with a video file (#55): real ffmpeg plays an .mp4 and a .mkv in a loop at the rate
 * asked, scaled as the flags ask, and a file that is no video is refused with ffmpeg's reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { FileSource } from '../../../capture-client/sources/file.js';
import type { SourceFrame } from '../../../capture-client/sources/source.js';
import { videoFileArgs } from '../../../capture-client/sources/video-file.js';
import { waitFor } from '../../helpers/wait.js';

let dir: string;
const sources: FileSource[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'camrelay-video-file-'));
  // One second of ffmpeg's test picture at 10 fps, 320×240: 10 pictures, so 25 frames prove it loops.
  for (const [name, codec] of [
    ['clip.mp4', 'libx264'],
    ['clip.mkv', 'mpeg4'],
  ]) {
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=10:duration=1',
      '-c:v',
      codec!,
      '-pix_fmt',
      'yuv420p',
      join(dir, name!),
    ];
    execFileSync(resolveFfmpegPath(undefined), args);
  }
});
afterEach(async () => {
  for (const s of sources.splice(0)) await s.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const make = (path: string, more: { width?: number } = {}): FileSource => {
  const s = new FileSource({ fps: 20, path, ...more });
  sources.push(s);
  return s;
};

describe('FileSource with a video file', () => {
  it.each(['clip.mp4', 'clip.mkv'])('plays %s in a loop: more pictures than the file holds, each a JPEG of its size', async (name) => {
    const frames: SourceFrame[] = [];
    const errors: Error[] = [];
    await make(join(dir, name)).start(
      (f) => frames.push(f),
      (e) => errors.push(e),
    );
    // 20 fps asked of a 1 s file: 25 pictures only come when ffmpeg starts it again.
    await waitFor(() => frames.length >= 25 || errors.length > 0, '25 pictures of a 1 s file', 20_000);
    expect(errors).toEqual([]);
    expect(frames.every((f) => f.jpeg[0] === 0xff && f.jpeg[1] === 0xd8 && f.width === 320 && f.height === 240)).toBe(true);
  });

  it('scales the pictures down to --width', async () => {
    const frames: SourceFrame[] = [];
    await make(join(dir, 'clip.mp4'), { width: 160 }).start(
      (f) => frames.push(f),
      () => {},
    );
    await waitFor(() => frames.length >= 1, 'a picture', 20_000);
    expect([frames[0]!.width, frames[0]!.height]).toEqual([160, 120]);
  });

  it('refuses a file that is no video with SOURCE_UNAVAILABLE, naming it and what ffmpeg said', async () => {
    const file = join(dir, 'notes.mp4');
    writeFileSync(file, 'not a video');
    await expect(
      make(file).start(
        () => {},
        () => {},
      ),
    ).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringMatching(/notes\.mp4 is not a video ffmpeg can play: .+/) });
  });

  it('stops ffmpeg on stop, and plays the file again when started again', async () => {
    const frames: SourceFrame[] = [];
    const source = make(join(dir, 'clip.mp4'));
    await source.start(
      (f) => frames.push(f),
      () => {},
    );
    await source.stop();
    const n = frames.length;
    // ffmpeg has exited once stop() resolves: a second start of the same source plays again.
    await source.start(
      (f) => frames.push(f),
      () => {},
    );
    await waitFor(() => frames.length > n, 'a picture after starting again', 20_000);
  });
});

describe('videoFileArgs', () => {
  it('loops and paces the file, with the rate and scale in one filter chain', () => {
    const args = videoFileArgs('C:\\clips\\yard.mp4', { fps: 5, width: 640 });
    expect(args.slice(args.indexOf('-stream_loop'), args.indexOf('-i') + 2)).toEqual(['-stream_loop', '-1', '-re', '-i', 'C:\\clips\\yard.mp4']);
    expect(args[args.indexOf('-vf') + 1]).toBe('fps=5,scale=w=min(iw\\,640):h=-1');
    expect(args.at(-1)).toBe('pipe:1');
  });
});
