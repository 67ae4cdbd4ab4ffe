/** Recorder test parts with no ffmpeg: a sink that keeps what it is given, frames at chosen times. */
import { writeFileSync } from 'node:fs';
import type { Frame } from '../../../server/relay/frame.js';
import type { SegmentSink, SinkKind } from '../../../server/recording/segment-sink.js';

/** A sink that records frame times; `stall` makes it report a full pipe until `release()`. */
export class FakeSink implements SegmentSink {
  readonly times: number[] = [];
  /** Times of the AAC frames written to the audio track. */
  readonly audioTimes: number[] = [];
  failure: string | null = null;
  closed = false;
  stall = false;
  private waiting: Array<() => void> = [];

  constructor(
    readonly file: string,
    readonly kind: SinkKind = 'encode',
  ) {
    writeFileSync(file, 'x');
  }

  write(ms: number): boolean {
    this.times.push(ms);
    return !this.stall;
  }

  writeAudio(ms: number): boolean {
    this.audioTimes.push(ms);
    return !this.stall;
  }

  drain(): Promise<void> {
    return this.stall ? new Promise((r) => this.waiting.push(r)) : Promise.resolve();
  }

  release(): void {
    this.stall = false;
    for (const r of this.waiting.splice(0)) r();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A frame of `camera` captured (and received) at `at` ms, 1280×720. */
export function frameAt(at: number, seq: number, camera = 'cam', received = at): Frame {
  const jpeg = Buffer.from([0xff, 0xd8, seq & 0xff, 0xff, 0xd9]);
  return {
    cameraId: camera,
    seq,
    capturedAt: at,
    receivedAt: received,
    link: 'websocket',
    jpeg,
    meta: { cameraId: camera, seq, epoch: 1, capturedAt: at, clockSynced: true, receivedAt: received, width: 1280, height: 720 },
  };
}

/** A frame carrying a real JPEG of `width`×`height`, captured (and received) at `at` ms. */
export function jpegFrame(at: number, seq: number, jpeg: Buffer, width: number, height: number, camera = 'cam'): Frame {
  const f = frameAt(at, seq, camera);
  return { ...f, jpeg, meta: { ...f.meta, width, height } };
}
