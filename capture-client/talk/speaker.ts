/**
 * Talk back to the capture PC itself (#40 item 4): what someone says in the Live Monitor plays on this PC's speaker,
 * for a webcam PC (a baby monitor, a door PC). The program's ffmpeg plays it (ALSA on Linux), started when someone
 * starts talking and ended when they stop, so nothing holds the sound device between talks. What waits for ffmpeg is
 * bounded: a player behind by more than a second drops what comes next, as the back channel does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CamrelayError } from '../../shared/errors.js';
import { URL_SOURCES, type SourceName } from '../sources/source.js';
import type { TalkChannel } from './talk-channel.js';

/** Bytes allowed to wait for ffmpeg: a second of 16-bit sound at 8 kHz. */
const MAX_WAITING = 16_000;
/** ffmpeg plays out what it has after its input ends; one that does not exit by then is stopped. */
const DRAIN_MS = 5_000;
/** An ALSA device name: `default`, `hw:1,0`, `plughw:CARD=PCH,DEV=0`, `dmix`. */
const DEVICE_NAME = /^[A-Za-z0-9_:,.=-]{1,100}$/;

export interface SpeakerTarget {
  ffmpegPath: string;
  /** The sound output, as ALSA names it. */
  device: string;
}

/** Why this PC's speaker cannot be talked to, or null when it can: ffmpeg plays sound only through ALSA here. */
export function speakerProblem(platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'linux') return null;
  const where = platform === 'win32' ? 'Windows' : platform === 'darwin' ? 'macOS' : platform;
  return `talk-back to this PC's speaker works on Linux only for now (ffmpeg has no sound output on ${where})`;
}

/** --speaker's device for a webcam PC's camera, or a clear refusal: an IP camera is talked to through its own back channel. */
export function speakerFlag(source: SourceName | undefined, raw: string): string {
  if (source !== undefined && (URL_SOURCES as readonly string[]).includes(source))
    throw new CamrelayError('BAD_CONFIG', `--speaker is for a webcam PC: --source ${source} is talked to through the camera's own back channel.`);
  if (!DEVICE_NAME.test(raw))
    throw new CamrelayError('BAD_CONFIG', `--speaker "${raw.slice(0, 40)}" is not a sound output: use default, or an ALSA name such as hw:1,0 or plughw:1,0.`);
  return raw;
}

/** ffmpeg's arguments: 8 kHz mono in on stdin, out at 48 kHz stereo, which every sound card takes. */
export function speakerArgs(device: string): string[] {
  // -probesize 32: ffmpeg would otherwise read 2.4 s of what is said before it starts to play (measured).
  const input = ['-probesize', '32', '-f', 's16le', '-ar', '8000', '-ac', '1', '-i', 'pipe:0'];
  return ['-hide_banner', '-loglevel', 'error', ...input, '-ar', '48000', '-ac', '2', '-f', 'alsa', device];
}

export class Speaker implements TalkChannel {
  /** Pieces dropped because ffmpeg was behind. */
  dropped = 0;
  /** What ffmpeg said, its first 4 KB: ALSA's line comes first, and may come in more than one read. */
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly player: ChildProcess,
    private readonly device: string,
  ) {
    player.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 4096) this.stderr = (this.stderr + d.toString('utf8')).slice(0, 4096);
    });
    // 'close', not 'exit': it comes once ffmpeg's stderr is read to its end, so the words of why it ended are all here
    // (on a loaded PC 'exit' came first, and the message lost ALSA's words).
    player.on('close', () => (this.exited = true));
    // A write to an ffmpeg that just exited fails with EPIPE: that is its exit, said by endWords.
    player.stdin?.on('error', () => {});
  }

  /** Starts ffmpeg playing on the device; TALK_FAILED when ffmpeg cannot run. */
  static open(target: SpeakerTarget): Promise<Speaker> {
    const player = spawn(target.ffmpegPath, speakerArgs(target.device), { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    return new Promise((resolve, reject) => {
      player.once('spawn', () => resolve(new Speaker(player, target.device)));
      player.once('error', (err) => reject(new CamrelayError('TALK_FAILED', `ffmpeg could not start to play on this PC's speaker: ${err.message}`)));
    });
  }

  get openWords(): string {
    return `Talk-back: playing on this PC's speaker (${this.device}); someone in the Live Monitor is talking.`;
  }

  get endWords(): string {
    // ALSA's own line says why ("cannot open audio device hw:3 (No such file or directory)"); ffmpeg's after it do not.
    const alsa = /\[alsa @ [^\]]*\] ([^\n]+)\n/.exec(this.stderr);
    const why = alsa ? `: ${alsa[1]!.trim().slice(0, 300)}` : '';
    return `The capture PC's speaker (${this.device}) stopped playing${why}. Check the capture program's --speaker, then press Talk again.`;
  }

  /** True once ffmpeg is gone: after close() it has played out what it had. */
  get closed(): boolean {
    return this.exited;
  }

  say(samples: Int16Array): void {
    const stdin = this.player.stdin;
    if (this.exited || !stdin || stdin.writableEnded) return;
    if (stdin.writableLength > MAX_WAITING) {
      this.dropped++;
      return;
    }
    stdin.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  }

  /** Ends the input: ffmpeg plays out what it has, then exits (stopped if it has not by DRAIN_MS). */
  close(): void {
    if (this.exited) return;
    this.player.stdin?.end();
    const stop = setTimeout(() => this.player.kill('SIGKILL'), DRAIN_MS);
    stop.unref();
    this.player.once('close', () => clearTimeout(stop));
  }
}
