/**
 * A capture PC's microphone as the camera's sound (#40, `--audio-device`): one ffmpeg reads the device through the
 * platform's input (DirectShow on Windows, AVFoundation on macOS, ALSA on Linux, or the one `--audio-format` names,
 * e.g. pulse) and writes AAC as ADTS to the same kind of loopback socket an IP camera's copy uses (rtsp-copy-audio.ts),
 * so each frame goes up stamped by its samples. It runs only while the relay wants the camera's sound: the device is
 * not opened otherwise. A device that fails is said and tried again later; it never stops the picture.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CamrelayError } from '../../shared/errors.js';
import { resolveFfmpegPath } from '../sources/ffmpeg-binary.js';
import { RtspCopyAudio, type TimedAacFrame } from './rtsp-copy-audio.js';

export interface MicOptions {
  /** The device as the platform's ffmpeg input names it: `Microphone (Realtek Audio)` (dshow), `0` (avfoundation), `default` or `hw:1` (ALSA). */
  device: string;
  /** ffmpeg's input format; default the platform's (micFormat). `lavfi` (a generated tone, for tests) is read at its own pace. */
  format?: string;
  ffmpegPath?: string;
  /** How long to wait before opening a device that failed again; default 5 s. */
  retryMs?: number;
  now?: () => number;
}

/** The platform's microphone input for ffmpeg. */
export function micFormat(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'dshow' : platform === 'darwin' ? 'avfoundation' : 'alsa';
}

/** ffmpeg's arguments: the device in, AAC-LC 48 kHz mono at 64 kbit/s out as ADTS to `port` on 127.0.0.1. */
export function micArgs(format: string, device: string, port: number): string[] {
  // DirectShow names the kind of device; AVFoundation takes "video:audio", so ":<audio>" is audio alone.
  const input = format === 'dshow' ? `audio=${device}` : format === 'avfoundation' ? `:${device}` : device;
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    // A real device gives its samples as they are heard; a generated one must be paced to be like it.
    ...(format === 'lavfi' ? ['-re'] : []),
    '-f',
    format,
    '-i',
    input,
    '-vn',
    '-c:a',
    'aac',
    '-ac',
    '1',
    '-ar',
    '48000',
    '-b:a',
    '64k',
    '-flush_packets',
    '1',
    '-f',
    'adts',
    `tcp://127.0.0.1:${port}`,
  ];
}

type Child = ChildProcessByStdio<null, null, Readable>;

export class MicAudio {
  private wanted = false;
  private child: Child | null = null;
  private socket: RtspCopyAudio | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly frameListeners: ((frame: TimedAacFrame) => void)[] = [];
  private readonly errorListeners: ((err: Error) => void)[] = [];

  constructor(private readonly opts: MicOptions) {}

  onFrame(cb: (frame: TimedAacFrame) => void): void {
    this.frameListeners.push(cb);
  }

  onError(cb: (err: Error) => void): void {
    this.errorListeners.push(cb);
  }

  /** The microphone's ffmpeg while it runs (for a CPU figure). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Opens the device (if not already) and keeps it open until stop(); failures are said and tried again. */
  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    void this.open();
  }

  stop(): void {
    this.wanted = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.child?.kill('SIGKILL');
    this.child = null;
    this.socket?.close();
    this.socket = null;
  }

  private async open(): Promise<void> {
    const socket = new RtspCopyAudio(
      (f) => this.frameListeners.forEach((cb) => cb(f)),
      (err) => this.say(err),
      this.opts.now,
    );
    let port: number;
    try {
      port = await socket.listen();
    } catch (err) {
      return this.failed(err as Error);
    }
    if (!this.wanted || this.child) return socket.close();
    const format = this.opts.format ?? micFormat();
    let child: Child;
    try {
      child = spawn(resolveFfmpegPath(this.opts.ffmpegPath), micArgs(format, this.opts.device, port), {
        windowsHide: true,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (err) {
      socket.close();
      return this.failed(err as Error);
    }
    this.child = child;
    this.socket = socket;
    let said = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (said = (said + text).slice(-400)));
    child.on('error', () => {});
    child.once('close', (code) => {
      socket.close();
      if (this.child !== child) return;
      this.child = null;
      this.socket = null;
      if (!this.wanted) return;
      const why = said.trim().split('\n').at(-1) ?? '';
      this.failed(
        new CamrelayError(
          'SOURCE_UNAVAILABLE',
          `The microphone ${JSON.stringify(this.opts.device)} (${format}) stopped (ffmpeg exit code ${code})${why ? `: ${why}` : ''}.`,
        ),
      );
    });
  }

  private say(err: Error): void {
    for (const cb of this.errorListeners) cb(err);
  }

  private failed(err: Error): void {
    this.say(err);
    if (!this.wanted) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.wanted) void this.open();
    }, this.opts.retryMs ?? 5000);
    this.retry.unref?.();
  }
}
