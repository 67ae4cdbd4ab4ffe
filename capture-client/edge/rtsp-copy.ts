/**
 * An IP camera's own H.264 for the relay's recorder (#29), by copy: while the demand asks for h264, one ffmpeg
 * reads the record stream (the main stream) and writes it out untouched, never decoded; each access unit goes on
 * with its keyframe flag, the stream's size, and as capture time the wall clock when its last bytes arrived
 * here (the camera's own clock is not on it). It starts again with backoff when the camera drops or refuses.
 * The main stream's AAC comes from the same ffmpeg (rtsp-copy-audio.ts); audio in another codec (G.711) is made
 * AAC by that ffmpeg from the next run on (said once), and a stream without audio is copied again at once without.
 * Each run of that ffmpeg is a CopyRun (copy-run.ts); this file decides the runs: what each copies, and what follows.
 */
import { CamrelayError } from '../../shared/errors.js';
import { type HostLookup, resolveCameraUrl } from '../sources/camera-url.js';
import { hasCredentials, RtspHop } from '../sources/rtsp-hop.js';
import { CopyRun } from './copy-run.js';
import { type EncoderPick, pickEncoder } from './encoder-pick.js';
import type { H264Producer, ProducedUnit } from './h264-producer.js';
import { afterAudioFailed, audioInfo, COPY_VIDEO, copyError, h265EncodeArgs, rtspCopyArgs, streamInfo, type StreamInfo } from './rtsp-copy-args.js';
import { RtspCopyAudio, type TimedAacFrame } from './rtsp-copy-audio.js';

export interface RtspCopyOptions {
  /** The record URL (--record-url, else --url); may hold credentials, which never leave this process unmasked. */
  url: string;
  transport?: 'tcp' | 'udp';
  ffmpegPath?: string;
  lookup?: HostLookup;
  /** No H.264 from the camera for this long: ffmpeg is ended and started again. Default 10 s. */
  stallMs?: number;
  /** Backoff between starts: from firstMs, doubled per failure, up to maxMs. Default 1 s to 30 s. */
  retry?: { firstMs: number; maxMs: number };
  now?: () => number;
  /** Copy the main stream's AAC too; default true. */
  audio?: boolean;
  /** An H.265 main stream: 'encode' (default) makes H.264 of it here; 'copy' sends it as it is, codec 'h265'. */
  recordH265?: 'copy' | 'encode';
  /** The encoder for 'encode'; default the camera side's pick (encoder-pick.ts: hardware first, libx264 else). */
  pickEncoder?: () => Promise<EncoderPick>;
}

/** The status line's words (edge-note.ts): `H.264: copy (camera)`. */
const COPY_PICK: EncoderPick = { encoder: 'copy (camera)', hardware: true, failed: [] };
const HEVC_COPY_PICK: EncoderPick = { encoder: 'copy (camera, H.265)', hardware: true, failed: [] };

export class RtspCopy implements H264Producer {
  readonly input = 'camera' as const;
  pick: EncoderPick | null = null;
  /** The record stream as ffmpeg last described it; a codec other than h264 is refused (H.265 is not copied yet). */
  stream: StreamInfo | null = null;
  private wanted = false;
  private run: CopyRun | null = null;
  private closed: Promise<void> = Promise.resolve();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners: ((au: ProducedUnit) => void)[] = [];
  private readonly errorListeners: ((err: Error) => void)[] = [];
  private readonly aacListeners: ((frame: TimedAacFrame) => void)[] = [];
  /** How ffmpeg takes the audio: as it is (AAC), made AAC here (a run showed another codec, #40), or not (none, or that failed). */
  private audio: 'copy' | 'encode' | false;
  /** The main stream is H.265, seen on a run before: the next runs encode it to H.264. */
  private hevc: StreamInfo | null = null;
  /** Refused for good (a codec not recorded): the caller stops offering h264. */
  refused = false;
  /** The main stream's audio codec as ffmpeg last named it (null: none seen), kept while runs leave the audio out. */
  audioCodec: string | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: RtspCopyOptions) {
    this.now = opts.now ?? Date.now;
    this.audio = (opts.audio ?? true) ? 'copy' : false;
  }

  /** From start() until stop(), also while waiting to start again. */
  get running(): boolean {
    return this.wanted;
  }

  /** The copying ffmpeg's pid while it runs (for a CPU figure). */
  get pid(): number | undefined {
    return this.run?.pid;
  }

  /** Starts copying in the background: failures go to onError and are tried again, so this never rejects. */
  start(): Promise<void> {
    if (this.wanted) return Promise.resolve();
    this.wanted = true;
    this.failures = 0;
    this.pick = COPY_PICK;
    void this.open();
    return Promise.resolve();
  }

  push(): boolean {
    return false;
  }

  onAccessUnit(cb: (au: ProducedUnit) => void): void {
    this.listeners.push(cb);
  }

  onError(cb: (err: Error) => void): void {
    this.errorListeners.push(cb);
  }

  /** The main stream's AAC frames, raw, with their capture times. */
  onAacFrame(cb: (frame: TimedAacFrame) => void): void {
    this.aacListeners.push(cb);
  }

  async stop(): Promise<void> {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.run?.kill();
    await this.closed;
  }

  private async open(): Promise<void> {
    let url: string;
    try {
      url = await resolveCameraUrl(this.opts.url, this.opts.lookup);
    } catch (err) {
      return this.failed(err as Error);
    }
    /** This run's audio reached the socket: a later exit is not the audio's fault. */
    let heard = false;
    const audio = this.audio
      ? new RtspCopyAudio(
          (f) => {
            heard = true;
            this.aacListeners.forEach((cb) => cb(f));
          },
          (err) => this.say(err),
          this.now,
        )
      : null;
    const audioMode = this.audio || 'copy';
    const audioPort = await audio?.listen().catch((err: Error) => void this.say(err));
    const copyHevc = this.hevc !== null && this.opts.recordH265 === 'copy';
    if (copyHevc) this.pick = HEVC_COPY_PICK;
    const video = this.hevc && !copyHevc ? await this.encodeArgs(this.hevc).catch((err: Error) => err) : undefined;
    if (video instanceof Error) {
      audio?.close();
      return this.failed(video);
    }
    if (!this.wanted || this.run) return audio?.close();
    // The credentials stay in this process: ffmpeg reads the camera through a loopback hop (rtsp-hop.ts).
    const hop = hasCredentials(url) ? await RtspHop.open(url).catch((err: Error) => err) : null;
    if (hop instanceof Error) {
      audio?.close();
      return this.failed(hop);
    }
    if (!this.wanted || this.run) {
      hop?.close();
      return audio?.close();
    }
    let run: CopyRun;
    try {
      run = new CopyRun({
        ffmpegPath: this.opts.ffmpegPath,
        args: rtspCopyArgs(hop?.url ?? url, this.opts.transport, audioPort ?? undefined, video ?? COPY_VIDEO, copyHevc ? 'hevc' : 'h264', audioMode),
        stallMs: this.opts.stallMs ?? 10_000,
        codec: copyHevc ? 'h265' : 'h264',
        encoding: this.hevc !== null,
        now: this.now,
        unit: (unit) => {
          if (unit.keyframe) this.failures = 0;
          for (const cb of this.listeners) cb(unit);
        },
        line: (line) => this.line(run, line, () => (learned = true)),
      });
    } catch (err) {
      audio?.close();
      hop?.close();
      return this.failed(err as Error);
    }
    this.run = run;
    this.closed = run.closed;
    this.stream = null;
    // A run without the audio does not ask the camera for it: the codec the last run named stands.
    if (audio) this.audioCodec = null;
    /** This run showed the stream is H.265: the next starts at once, made for it. */
    let learned = false;
    run.onClose((code) => {
      audio?.close();
      hop?.close();
      const error = run.error ?? hop?.error ?? null;
      if (this.run === run) this.run = null;
      if (learned && this.wanted && !error) return void this.open();
      // ffmpeg read the camera's streams (the video's size, or an audio codec it named) and still failed: its audio
      // is none or not AAC. The audio's codec alone is enough: when the probe ends before a keyframe, the video
      // line has no size, and a G.711 camera was once taken for a broken one (a retry loop, no word about G.711).
      const readInput = run.units.sized() || this.audioCodec !== null;
      if (audio && !heard && this.wanted && !error && readInput && (this.audioCodec !== 'aac' || audioMode === 'encode')) return this.audioFailed();
      // Ended by stop(): nothing to say. Refused (H.265): said once, not tried again.
      if (this.wanted || error) this.failed(error ?? copyError(run.errorLines, code, this.opts.url, url));
    });
  }

  /** One line of a run's stderr: the record stream's size and codec (once), and the audio codec it names. */
  private line(run: CopyRun, line: string, learned: () => void): void {
    const info = run.units.sized() ? null : streamInfo(line);
    if (info) {
      // Before the held units go out, as their listeners may read it.
      this.stream = info;
      run.units.size(info);
    }
    if (info && info.codec === 'hevc' && !this.hevc) {
      // Learned from this run's stream line: the next run, at once, copies it as H.265 or encodes it.
      this.hevc = info;
      learned();
      run.kill();
    } else if (info && info.codec !== 'h264' && !this.hevc) run.fail(this.refuse(info));
    this.audioCodec ??= audioInfo(line);
  }

  /** The picked encoder's arguments, and the status line's words: `H.264: libx264 (from the camera's H.265)`. */
  private async encodeArgs(size: StreamInfo): Promise<string[]> {
    const pick = await (this.opts.pickEncoder ?? (() => pickEncoder(this.opts.ffmpegPath ? { ffmpegPath: this.opts.ffmpegPath } : {})))();
    if (!pick.encoder) throw new CamrelayError('SOURCE_UNAVAILABLE', "No H.264 encoder opens here to record the camera's H.265 main stream.");
    // hardware: true only words it as `H.264: <encoder> (from the camera's H.265)`, as COPY_PICK's `copy (camera)`.
    this.pick = { encoder: `${pick.encoder} (from the camera's H.265)`, hardware: true, failed: pick.failed };
    return h265EncodeArgs(pick.encoder, size);
  }

  /** A codec neither H.264 nor H.265: the caller stops offering h264 and the relay encodes from the JPEGs. */
  private refuse(info: StreamInfo): CamrelayError {
    this.wanted = false;
    this.refused = true;
    return new CamrelayError(
      'SOURCE_UNAVAILABLE',
      `The camera's record stream is ${info.codec === 'hevc' ? 'H.265' : info.codec}, which is not recorded by copy: set the camera's main stream to H.264. The relay records the live JPEGs meanwhile.`,
    );
  }

  /** The stream's audio could not be copied (ffmpeg could not write it as ADTS): the next run as afterAudioFailed says. */
  private audioFailed(): void {
    const next = afterAudioFailed(this.audio, this.audioCodec);
    this.audio = next.audio;
    if (next.said) this.say(next.said);
    void this.open();
  }

  private say(err: Error): void {
    for (const cb of this.errorListeners) cb(err);
  }

  private failed(err: Error): void {
    this.say(err);
    if (!this.wanted) return;
    const { firstMs, maxMs } = this.opts.retry ?? { firstMs: 1000, maxMs: 30_000 };
    const delay = Math.min(maxMs, firstMs * 2 ** this.failures++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, delay);
    this.retryTimer.unref?.();
  }
}
