/**
 * One open stream.mp4 response: a live H.264 viewer of its camera (relay/live-h264.ts: the camera is
 * asked for H.264 while it reads, it starts at the GOP kept, and a slow reader falls behind by whole
 * GOPs through its newest-GOP-wins lane), each unit muxed by copy into the response. The relay holds
 * at most the lane's bounds and `capBytes` in the response's buffer for it; a reader that takes
 * nothing for `stallMs` is cut off.
 */
import type { Response } from 'express';
import type { H264Unit } from '../relay/h264-lane.js';
import type { LiveH264 } from '../relay/live-h264.js';
import { StreamWatch, type StreamEndReason, type StreamWatchOptions } from '../transports/stream-watch.js';
import { Mp4Muxer } from './mp4-muxer.js';
import { ReaderPace } from './reader-pace.js';

export const READER_DEFAULTS = {
  /** Bytes written to the response but not yet taken by the socket, at most; past it, units are dropped to the next keyframe. */
  capBytes: 4 * 1024 * 1024,
  /** A reader whose buffer has not drained for this long is cut off. */
  stallMs: 20_000,
  /** After the end, a reader that takes nothing more is cut off this much later. */
  endGraceMs: 2000,
  /** How often the stall is looked for. */
  checkEveryMs: 1000,
};

export type ReaderEndReason = StreamEndReason | 'stalled' | 'changed';

export interface StreamReaderOptions {
  key: string;
  cameraId: string;
  offlineTimeoutMs: number;
  closing: () => boolean;
  allowed: () => boolean;
  status: StreamWatchOptions['status'];
  capBytes?: number;
  stallMs?: number;
}

export interface ReaderStats {
  cameraId: string;
  reason: ReaderEndReason;
  /** Units written, and those dropped here (past the byte cap) waiting for a keyframe. */
  written: number;
  dropped: number;
  bytes: number;
}

export class StreamReader {
  private readonly muxer = new Mp4Muxer();
  private readonly watch: StreamWatch;
  private readonly pace: ReaderPace;
  private stopped = false;

  constructor(
    private readonly res: Response,
    private readonly live: LiveH264,
    private readonly o: StreamReaderOptions,
    private readonly onStop: (stats: ReaderStats) => void,
  ) {
    this.pace = new ReaderPace({
      capBytes: o.capBytes ?? READER_DEFAULTS.capBytes,
      stallMs: o.stallMs ?? READER_DEFAULTS.stallMs,
      checkEveryMs: READER_DEFAULTS.checkEveryMs,
      queued: () => res.writableLength,
      keyFirst: false,
      stalled: () => this.end('stalled'),
    });
    this.watch = new StreamWatch({ ...o, end: (reason) => this.end(reason) });
    res.once('close', () => {
      this.stop('client');
      this.pace.release();
    });
    res.on('drain', () => this.pace.release());
    live.watch(o.key, o.cameraId, { write: (unit, done) => this.write(unit, done) });
  }

  /** Bytes the relay holds in this response's buffer now. */
  get queuedBytes(): number {
    return this.res.writableLength;
  }

  get cameraId(): string {
    return this.o.cameraId;
  }

  end(reason: ReaderEndReason): void {
    if (this.stopped) return;
    this.stop(reason);
    // A stalled reader would hold the end behind its unread bytes: cut it.
    if (reason === 'stalled' || reason === 'shutdown') return void this.res.destroy();
    this.res.end();
    // A reader that stopped taking bytes must not keep the socket (or the server's shutdown) after the end.
    const grace = setTimeout(() => this.res.destroy(), READER_DEFAULTS.endGraceMs);
    grace.unref();
    this.res.once('close', () => clearTimeout(grace));
  }

  private write(unit: H264Unit, done: () => void): void {
    if (this.stopped || this.res.writableEnded || this.res.destroyed) return done();
    const { meta, au } = unit;
    if (!this.pace.admit(meta.keyframe)) return done();
    const out = this.muxer.push({ au, keyframe: meta.keyframe, width: meta.width, height: meta.height, capturedAt: meta.capturedAt });
    if (out.kind === 'changed') {
      this.end('changed');
      return done();
    }
    if (out.kind === 'wait') return done();
    let free = true;
    let bytes = 0;
    for (const chunk of out.chunks) {
      free = this.res.write(chunk);
      bytes += chunk.length;
    }
    this.pace.wrote(bytes, free, done);
  }

  private stop(reason: ReaderEndReason): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watch.stop();
    this.pace.stop();
    this.live.unwatch(this.o.key, this.o.cameraId);
    const { written, dropped, bytes } = this.pace;
    this.onStop({ cameraId: this.o.cameraId, reason, written, dropped, bytes });
  }
}
