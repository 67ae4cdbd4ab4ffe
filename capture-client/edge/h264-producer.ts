/** What the camera side's H.264 feed (h264-feed.ts) drives: an encoder of the source's JPEGs, or a copy of the camera's own stream. */
import type { EncoderPick } from './encoder-pick.js';
import type { TimedAccessUnit } from './h264-encoder.js';
import type { TimedAacFrame } from './rtsp-copy-audio.js';

/** An access unit with its picture's size: what the `h264` event needs, bar the seq the uplink buffer gives it. */
export interface ProducedUnit extends TimedAccessUnit {
  width: number;
  height: number;
  /** 'h265': an H.265 main stream sent by copy (`--record-h265 copy`), H264FrameMeta.codec. */
  codec?: 'h265';
}

export interface ProducerStart {
  fps: number;
  width: number;
  height: number;
}

export interface H264Producer {
  /**
   * 'frames': made from the source's JPEGs (push), started at the first frame's size (EdgeH264);
   * 'camera': the camera's own H.264, started by the demand alone, taking no frames (RtspCopy).
   */
  readonly input: 'frames' | 'camera';
  /** True from start() until stop() has ended its ffmpeg. */
  readonly running: boolean;
  /** What makes the H.264, for the status line (edge-note.ts); null before start(). */
  readonly pick: EncoderPick | null;
  /** Readies the producer; a 'camera' producer ignores the size (the camera's stream has its own). */
  start(at: ProducerStart): Promise<void>;
  /** One frame of the source; false when it was not taken. A 'camera' producer takes none. */
  push(jpeg: Uint8Array, capturedAt: number): boolean;
  onAccessUnit(cb: (au: ProducedUnit) => void): void;
  /** The camera's AAC beside its video (RtspCopy, or a microphone, with-mic.ts): raw frames with their capture times. */
  onAacFrame?(cb: (frame: TimedAacFrame) => void): void;
  /** The relay's `audio` (#40): whether the camera's sound is wanted now; a producer with a microphone opens it only then. */
  setAudio?(on: boolean): void;
  /** A failure worth saying (ffmpeg stopped, the camera refused): it starts again on the next push, or by itself for 'camera'. */
  onError(cb: (err: Error) => void): void;
  stop(): Promise<void>;
}
