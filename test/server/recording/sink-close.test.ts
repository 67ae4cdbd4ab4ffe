/**
 * How an encoding sink's close ends its ffmpeg (the real one): an encoder that stopped making progress
 * is killed after `closeTimeoutMs` of no progress, while one still working through its input, as a
 * low-priority encoder on a busy box does, is let finish, however much longer than that it takes.
 * The playback tests lost frames to the old fixed deadline (listed 47, the file held 18).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recorderFfmpeg } from '../../../server/recording/ffmpeg-path.js';
import { scanMedia } from '../../../server/recording/media-scan.js';
import { openSink } from '../../../server/recording/segment-sink.js';
import { H, seqJpeg, W } from './media.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The pid of the ffmpeg writing `file`. */
const pidOf = (file: string) => Number(execFileSync('pgrep', ['-f', file]).toString().trim().split('\n')[0]);

describe('closing an encoding sink (real ffmpeg)', () => {
  it('kills an ffmpeg that makes no progress once closeTimeoutMs has passed with none, and says so', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-sink-close-'));
    const file = path.join(dir, 'stuck.mp4');
    const sink = openSink('h264', file, W, H, { ffmpegPath: recorderFfmpeg(), closeTimeoutMs: 800 });
    for (let i = 0; i < 5; i++) sink.write(i * 100, await seqJpeg(i));
    const pid = pidOf(file);
    process.kill(pid, 'SIGSTOP');
    try {
      await sink.close();
    } finally {
      // Killed already; a stopped process still takes SIGCONT without harm if it were not.
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    expect(sink.failure).toMatch(/SIGKILL/);
  });

  it('lets an encoder working through its input finish, past closeTimeoutMs, with every frame in its file', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-sink-close-'));
    const file = path.join(dir, 'slow.mp4');
    const sink = openSink('h264', file, W, H, { ffmpegPath: recorderFfmpeg(), closeTimeoutMs: 2000 });
    const frames = 300;
    // Stopped from the start, so that all of its work is still to do when it is closed.
    const pid = pidOf(file);
    process.kill(pid, 'SIGSTOP');
    for (let i = 0; i < frames; i++) sink.write(i * 100, await seqJpeg(i));
    // Starved as a nice-19 encoder beside busy processes: stopped 600 ms at a time (well under closeTimeoutMs, so a late timer on a loaded box stays under it too), let
    // run 20 ms between, until it exits.
    const closing = sink.close();
    let stoppedMs = 0;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(pid, s);
        return true;
      } catch {
        return false;
      }
    };
    for (let turn = 0; turn < 20 && signal('SIGSTOP'); turn++) {
      await new Promise((r) => setTimeout(r, 600));
      stoppedMs += 600;
      if (!signal('SIGCONT')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    signal('SIGCONT');
    await closing;
    // Stopped longer in all than closeTimeoutMs: a fixed deadline would have killed it.
    expect(stoppedMs).toBeGreaterThan(2000);
    expect(sink.failure).toBeNull();
    expect((await scanMedia(file, 'h264'))?.frames).toBe(frames);
  });
});
