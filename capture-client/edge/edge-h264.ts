/**
 * The camera side's H.264 for the relay's recorder (#28): the picked encoder, started when the demand asks for
 * h264 and stopped when it no longer does. Each access unit comes out with its keyframe flag and capture time.
 */
import { CamrelayError } from '../../shared/errors.js';
import { type EncoderPick, pickEncoder } from './encoder-pick.js';
import { H264Encoder, type TimedAccessUnit } from './h264-encoder.js';
import type { H264Producer } from './h264-producer.js';

export interface EdgeH264Options {
  ffmpegPath?: string;
  /** Tests: a pick made elsewhere, instead of this ffmpeg's (cached) one. */
  pick?: EncoderPick;
  /** Scales to this width (height in proportion) in the same ffmpeg: a rung stream for grid tiles (#30). Absent: the source's size. */
  rungWidth?: number;
}

export interface EdgeH264Start {
  fps: number;
  width: number;
  height: number;
}

/** A unit as the `h264` event needs it, bar the seq the uplink buffer gives it. */
export interface EdgeAccessUnit extends TimedAccessUnit {
  width: number;
  height: number;
}

/** The size encoded from a source `at`: `rungWidth` wide (never wider than the source) or its own, even both ways. */
export function edgeSize(at: { width: number; height: number }, rungWidth?: number): { width: number; height: number } {
  const width = rungWidth !== undefined && rungWidth < at.width ? rungWidth : at.width;
  // H.264 wants even sizes in 4:2:0; a 1px loss beats an encoder that will not open.
  return { width: width & ~1, height: Math.round((at.height * width) / at.width) & ~1 };
}

export class EdgeH264 implements H264Producer {
  readonly input = 'frames' as const;
  private encoder: H264Encoder | null = null;
  private size = { width: 0, height: 0 };
  private readonly listeners: ((au: EdgeAccessUnit) => void)[] = [];
  private readonly errorListeners: ((err: Error) => void)[] = [];
  /** The pick in use since start(), for the status line. */
  pick: EncoderPick | null = null;

  constructor(private readonly opts: EdgeH264Options = {}) {}

  get running(): boolean {
    return this.encoder !== null;
  }

  /** Picks the encoder (once per process) and readies one for this size and rate. Throws SOURCE_UNAVAILABLE when ffmpeg has no H.264 encoder. */
  async start(at: EdgeH264Start): Promise<void> {
    if (this.encoder) await this.stop();
    const pick = this.opts.pick ?? (await pickEncoder({ ffmpegPath: this.opts.ffmpegPath }));
    this.pick = pick;
    if (pick.encoder === null) throw new CamrelayError('SOURCE_UNAVAILABLE', 'This ffmpeg has no H.264 encoder: pass one built with libx264 (--ffmpeg-path).');
    this.size = edgeSize(at, this.opts.rungWidth);
    this.encoder = new H264Encoder(
      { encoder: pick.encoder, fps: at.fps, ...this.size, ffmpegPath: this.opts.ffmpegPath },
      (au) => {
        for (const cb of this.listeners) cb({ ...au, ...this.size });
      },
      (err) => {
        for (const cb of this.errorListeners) cb(err);
      },
    );
  }

  /** One frame of the source; false when it was not taken (not started, or the encoder is behind). */
  push(jpeg: Uint8Array, capturedAt: number): boolean {
    return this.encoder?.push(jpeg, capturedAt) ?? false;
  }

  onAccessUnit(cb: (au: EdgeAccessUnit) => void): void {
    this.listeners.push(cb);
  }

  /** ffmpeg stopped or wrote what is not H.264; the next push starts a fresh one. */
  onError(cb: (err: Error) => void): void {
    this.errorListeners.push(cb);
  }

  /** Stops encoding; the frames already inside ffmpeg come out first. */
  async stop(): Promise<void> {
    const encoder = this.encoder;
    this.encoder = null;
    await encoder?.stop();
  }
}
