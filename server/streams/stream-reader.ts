/**
 * One open stream.mp4 response: a live H.264 viewer of its camera (relay/live-h264.ts: the camera is
 * asked for H.264 while it reads, it starts at the GOP kept, and a slow reader falls behind by whole
 * GOPs through its newest-GOP-wins lane), each unit muxed by copy into the response; with the camera's
 * sound, a listener of it too (relay/sound-track.ts), each frame muxed as a second track. The relay holds
 * at most the lanes' bounds and `capBytes` in the response's buffer for it; a reader that takes
 * nothing for `stallMs` is cut off.
 */
import type { Response } from 'express';
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import type { AacUnit } from '../tracks/audio-lane.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LiveH264 } from '../relay/live-h264.js';
import { StreamWatch, type StreamEndReason, type StreamWatchOptions } from '../transports/stream-watch.js';
import { Mp4Muxer, SOUND_GONE_MS } from './mp4-muxer.js';
import { ReaderPace } from './reader-pace.js';
import { audioTrackOf, type SoundSource } from './rtsp-sound.js';

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
  /** The camera's sound, as the init segment describes it; absent, the picture alone. */
  sound?: { source: SoundSource; track: AudioTrack; changed?: (track: AudioTrack) => void; gone?: () => void };
}

export interface ReaderStats {
  cameraId: string;
  reason: ReaderEndReason;
  /** Units written, and those dropped here (past the byte cap) waiting for a keyframe. */
  written: number;
  dropped: number;
  bytes: number;
  /** With sound: its frames written, and dropped past the byte cap. */
  sounds?: number;
  soundsDropped?: number;
}

export class StreamReader {
  private readonly muxer: Mp4Muxer;
  private readonly watch: StreamWatch;
  private readonly listener = { wants: (id: string) => id === this.o.cameraId && this.o.allowed(), paused: false };
  /** Sound frames written, and dropped (past the byte cap). */
  private sounds = 0;
  private soundsDropped = 0;
  /** When the last sound frame came (from the start: the first units are the kept GOP's, seconds older). */
  private soundAt = Date.now();
  private readonly pace: ReaderPace;
  private stopped = false;

  constructor(
    private readonly res: Response,
    private readonly live: LiveH264,
    private readonly o: StreamReaderOptions,
    private readonly onStop: (stats: ReaderStats) => void,
  ) {
    this.muxer = new Mp4Muxer(o.sound?.track ?? null);
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
    o.sound?.source.subscribe(this.listener, [o.cameraId], { write: (unit, done) => this.writeSound(unit, done) });
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
    if (this.o.sound && meta.keyframe && meta.capturedAt - this.soundAt > SOUND_GONE_MS) {
      // The sound stopped (turned off, its microphone gone): a track declared and never fed stalls a browser's player.
      // The reader ends; opened again, it is offered the picture alone.
      this.o.sound.gone?.();
      this.end('changed');
      return done();
    }
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

  /** Taken at once (the listener's lane never backs up): a frame past the byte cap is dropped, as the picture's units are. */
  private writeSound(unit: AacUnit, done: () => void): void {
    done();
    if (this.stopped || this.res.writableEnded || this.res.destroyed) return;
    const track = audioTrackOf(unit);
    if (!this.muxer.carries(track)) {
      // Another codec or config than the init segment says: a player opens the URL again and is offered the new one.
      this.o.sound?.changed?.(track);
      // Out of the lane's write: ending unsubscribes, which closes the lane writing.
      queueMicrotask(() => this.end('changed'));
      return;
    }
    this.soundAt = unit.meta.capturedAt;
    if (this.res.writableLength > (this.o.capBytes ?? READER_DEFAULTS.capBytes)) return void this.soundsDropped++;
    const out = this.muxer.pushSound({ frame: unit.frame, capturedAt: unit.meta.capturedAt });
    if (out.kind !== 'bytes') return;
    for (const chunk of out.chunks) this.res.write(chunk);
    this.sounds++;
  }

  private stop(reason: ReaderEndReason): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watch.stop();
    this.pace.stop();
    this.live.unwatch(this.o.key, this.o.cameraId);
    this.o.sound?.source.unsubscribe(this.listener);
    const { written, dropped, bytes } = this.pace;
    this.onStop({
      cameraId: this.o.cameraId,
      reason,
      written,
      dropped,
      bytes,
      ...(this.o.sound ? { sounds: this.sounds, soundsDropped: this.soundsDropped } : {}),
    });
  }
}
