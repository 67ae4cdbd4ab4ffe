/**
 * Talk-back to the capture PC's speaker (#40 item 4): the program's real ffmpeg plays what is said on an ALSA device.
 * The test's device is ALSA's file plugin (an asound.conf given by ALSA_CONFIG_PATH), so what the speaker would play
 * lands in a file: a second of a 440 Hz tone must come out as a second of 440 Hz at 48 kHz stereo.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../../capture-client/cli.js';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';
import { Speaker, speakerFlag, speakerProblem } from '../../../capture-client/talk/speaker.js';
import { talkTarget } from '../../../capture-client/talk/talk-target.js';
import { alsaFileConfig, crossingsPerSecond } from '../../helpers/alsa-file.js';
import { waitFor } from '../../helpers/wait.js';
import { tone } from '../../helpers/tone.js';

describe('--speaker: where talk-back plays on a webcam PC', () => {
  it('takes default or an ALSA name for a webcam, and refuses it for an IP camera or a name that is not one', () => {
    const base = ['--server', 'http://relay:3000', '--camera', 'desk', '--token', 't'];
    const parsed = parseCaptureArgs([...base, '--speaker', 'plughw:1,0'], {});
    expect(parsed.kind === 'run' && parsed.command.speaker).toBe('plughw:1,0');
    expect(() => parseCaptureArgs([...base, '--source', 'rtsp', '--url', 'rtsp://cam/main', '--speaker', 'default'], {})).toThrow(
      /--speaker is for a webcam PC: --source rtsp is talked to through the camera's own back channel/,
    );
    expect(() => speakerFlag(undefined, 'default; rm -rf')).toThrow(/is not a sound output: use default, or an ALSA name/);
    expect(() => speakerFlag(undefined, 'x'.repeat(101))).toThrow(/BAD_CONFIG|not a sound output/);
  });

  it('offers talk only where it can play: an RTSP camera’s back channel, or --speaker on Linux; Windows is told why not', () => {
    const said: string[] = [];
    expect(talkTarget({ url: 'rtsp://cam/main' }, (m) => said.push(m), 'win32')).toBeTypeOf('function');
    expect(talkTarget({ speaker: 'default' }, (m) => said.push(m), 'linux')).toBeTypeOf('function');
    expect(talkTarget({}, (m) => said.push(m), 'linux')).toBeNull();
    expect(said).toEqual([]);
    expect(talkTarget({ speaker: 'default' }, (m) => said.push(m), 'win32')).toBeNull();
    expect(said).toEqual([
      "Talk-back: talk-back to this PC's speaker works on Linux only for now (ffmpeg has no sound output on Windows); the Live Monitor shows no Talk button for this camera.",
    ]);
    expect(speakerProblem('darwin')).toMatch(/macOS/);
  });
});

describe.runIf(process.platform === 'linux')('Speaker: the capture PC plays what is said', () => {
  let dir: string;
  let played: string;
  const ffmpegPath = resolveFfmpegPath();
  let before: string | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-speaker-'));
    played = path.join(dir, 'played.raw');
    const conf = path.join(dir, 'asound.conf');
    writeFileSync(conf, alsaFileConfig(played));
    before = process.env.ALSA_CONFIG_PATH;
    process.env.ALSA_CONFIG_PATH = conf;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.ALSA_CONFIG_PATH;
    else process.env.ALSA_CONFIG_PATH = before;
    rmSync(dir, { recursive: true, force: true });
  });

  it('plays a second of speech on the speaker, every sample, at the pitch it was said', async () => {
    const speaker = await Speaker.open({ ffmpegPath, device: 'default' });
    const sound = tone(1000);
    // Pieces of 20 ms as the relay brings them.
    for (let at = 0; at < sound.length; at += 160) speaker.say(sound.slice(at, at + 160));
    speaker.close();
    await waitFor(() => speaker.closed, 'ffmpeg to play it out and exit', 20_000);
    const out = readFileSync(played);
    const left = new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1).filter((_, i) => i % 2 === 0);
    // 48 kHz, stereo, 16-bit: a second is 192,000 bytes; the resampler may hold back a few samples at the very end.
    expect(out.byteLength).toBeGreaterThan(190_000);
    expect(out.byteLength).toBeLessThanOrEqual(192_000);
    expect(crossingsPerSecond(left, 48_000)).toBeCloseTo(440, -1);
    expect(speaker.dropped).toBe(0);
  });

  it('says what failed when the device cannot play, and what to do', async () => {
    const speaker = await Speaker.open({ ffmpegPath, device: 'nosuchcard' });
    speaker.say(tone(100));
    await waitFor(() => speaker.closed, 'ffmpeg to give up on the device', 20_000);
    expect(speaker.endWords).toMatch(
      /^The capture PC's speaker \(nosuchcard\) stopped playing: .*nosuchcard.*\. Check the capture program's --speaker, then press Talk again\.$/,
    );
  });

  it('drops what comes once a second waits for a player that is behind, rather than holding it', async () => {
    const speaker = await Speaker.open({ ffmpegPath, device: 'default' });
    const pid = (speaker as unknown as { player: { pid: number } }).player.pid;
    process.kill(pid, 'SIGSTOP');
    try {
      // Ten seconds at once: the pipe takes 64 KiB, then a second more waits, then pieces are dropped.
      const sound = tone(10_000);
      for (let at = 0; at < sound.length; at += 160) speaker.say(sound.slice(at, at + 160));
      expect(speaker.dropped).toBeGreaterThan(0);
    } finally {
      process.kill(pid, 'SIGCONT');
      speaker.close();
    }
    await waitFor(() => speaker.closed, 'the player to end', 20_000);
  });
});

describe.runIf(process.platform === 'linux')("Speaker: why it stopped, in ALSA's words", () => {
  it('keeps the whole of ALSA’s line when ffmpeg writes it in two reads and exits at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-speaker-words-'));
    try {
      // A stand-in for ffmpeg that fails as it does on a missing device, its line split across two writes.
      const fake = path.join(dir, 'ffmpeg');
      writeFileSync(
        fake,
        [
          '#!/usr/bin/env node',
          "process.stderr.write('[alsa @ 0x5] cannot open audio dev');",
          "setTimeout(() => { process.stderr.write('ice nosuchcard (No such file or directory)\\nError opening output\\n'); process.exit(1); }, 50);",
        ].join('\n'),
        { mode: 0o755 },
      );
      const speaker = await Speaker.open({ ffmpegPath: fake, device: 'nosuchcard' });
      await waitFor(() => speaker.closed, 'the stand-in to exit', 10_000, 20);
      expect(speaker.endWords).toBe(
        "The capture PC's speaker (nosuchcard) stopped playing: cannot open audio device nosuchcard (No such file or directory). Check the capture program's --speaker, then press Talk again.",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
