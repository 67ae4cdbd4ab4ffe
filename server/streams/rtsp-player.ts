/**
 * One PLAYing RTSP session: a live H.264 viewer of its camera (relay/live-h264.ts, as a stream.mp4 reader
 * is: the camera asked for H.264 while it plays, the start at the GOP kept, a slow reader falling behind
 * by whole GOPs through its own newest-GOP-wins lane), each unit sent as interleaved RTP on the
 * connection. The relay holds at most the lane's bounds and `capBytes` in the socket's buffer for it
 * (past that it drops to the next keyframe); a connection that takes nothing for `stallMs` is cut off.
 */
import { randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AudioTrack } from '../../common/codec/rtp-audio.js';
import { packetizeH264, RtpClock, type RtpState } from '../../common/codec/rtp-h264.js';
import { interleaved } from '../../common/codec/rtp.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { LiveH264 } from '../relay/live-h264.js';
import { StreamWatch, type StreamEndReason } from '../transports/stream-watch.js';
import type { StreamReaderOptions } from './stream-reader.js';
import { ReaderPace } from './reader-pace.js';
import { RtspSoundOut, TrackReports, type SoundSource } from './rtsp-sound.js';

export const PLAYER_DEFAULTS = {
  /** Bytes waiting in the socket's buffer at most; past it, units are dropped up to the next keyframe. */
  capBytes: 2 * 1024 * 1024,
  /** A connection whose buffer has not drained for this long is cut off. */
  stallMs: 20_000,
  checkEveryMs: 1000,
};

export type PlayerEndReason = StreamEndReason | 'stalled';

/** A stream.mp4 reader's options, and the interleaved channel RTP goes on (the SETUP's `interleaved=`); RTCP goes on the next. */
export interface RtspPlayerOptions extends StreamReaderOptions {
  channel: number;
  /** The sound track the player set up too, and where its frames come from. */
  sound?: { channel: number; track: AudioTrack; source: SoundSource; changed?: (track: AudioTrack) => void };
}

export interface PlayerStats {
  cameraId: string;
  reason: PlayerEndReason;
  /** Units sent, and those dropped here (past the byte cap, or before the first keyframe). */
  written: number;
  dropped: number;
  bytes: number;
  /** Sound frames sent and dropped, when the player set up the sound track. */
  sound?: { written: number; dropped: number };
}

export class RtspPlayer {
  /** What the PLAY answer's RTP-Info says: the first packet's sequence number and timestamp. */
  readonly rtp: RtpState;
  readonly firstTimestamp: number;
  /** The sound track's sender, when the player set it up. */
  readonly sound: RtspSoundOut | null;
  private readonly clock: RtpClock;
  private readonly reports: TrackReports;
  private readonly watch: StreamWatch;
  private readonly pace: ReaderPace;
  private stopped = false;
  private readonly onDrain = () => this.pace.release();

  constructor(
    private readonly socket: Socket,
    private readonly live: LiveH264,
    private readonly o: RtspPlayerOptions,
    private readonly onStop: (stats: PlayerStats) => void,
  ) {
    // A reader starts at a keyframe (RTP has no way to say "wait for one"), and starts again at one after a drop.
    this.pace = new ReaderPace({
      capBytes: o.capBytes ?? PLAYER_DEFAULTS.capBytes,
      stallMs: o.stallMs ?? PLAYER_DEFAULTS.stallMs,
      checkEveryMs: PLAYER_DEFAULTS.checkEveryMs,
      queued: () => socket.writableLength,
      keyFirst: true,
      stalled: () => this.end('stalled'),
    });
    // Random starts (RFC 3550 5.1), so a player that reconnects cannot mistake old packets for new.
    this.rtp = { ssrc: randomInt(0, 2 ** 32), seq: randomInt(0, 2 ** 16) };
    this.firstTimestamp = randomInt(0, 2 ** 32);
    this.clock = new RtpClock(this.firstTimestamp);
    this.reports = new TrackReports(this.rtp.ssrc);
    const capBytes = o.capBytes ?? PLAYER_DEFAULTS.capBytes;
    this.sound = o.sound ? new RtspSoundOut(socket, o.sound.source, { ...o.sound, cameraId: o.cameraId, capBytes, allowed: o.allowed }) : null;
    this.watch = new StreamWatch({ ...o, end: (reason) => this.end(reason) });
    socket.on('drain', this.onDrain);
  }

  /** Starts the units flowing; after the PLAY answer is written, so no RTP comes before it. */
  start(): void {
    this.live.watch(this.o.key, this.o.cameraId, { write: (unit, done) => this.write(unit, done) });
    this.sound?.start();
  }

  get cameraId(): string {
    return this.o.cameraId;
  }

  /** Bytes the relay holds in this connection's buffer now. */
  get queuedBytes(): number {
    return this.socket.writableLength;
  }

  /** Stops the units; the connection is cut too unless the player asked to stop (`client`: TEARDOWN, or it left). */
  end(reason: PlayerEndReason): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watch.stop();
    this.pace.stop();
    this.socket.off('drain', this.onDrain);
    this.live.unwatch(this.o.key, this.o.cameraId);
    this.sound?.stop();
    this.pace.release();
    const { written, dropped, bytes } = this.pace;
    const sound = this.sound ? { sound: { written: this.sound.written, dropped: this.sound.dropped } } : {};
    this.onStop({ cameraId: this.o.cameraId, reason, written, dropped, bytes, ...sound });
    // RTSP has no way to say "the stream ended" mid-PLAY that players heed: the connection goes.
    if (reason !== 'client') this.socket.destroy();
  }

  private write(unit: H264Unit, done: () => void): void {
    if (this.stopped || this.socket.destroyed) return done();
    const { meta, au } = unit;
    if (!this.pace.admit(meta.keyframe)) return done();
    const timestamp = this.clock.at(meta.capturedAt);
    const packets = packetizeH264(au, timestamp, this.rtp).map((p) => interleaved(this.o.channel, p));
    const report = this.reports.due(meta.capturedAt, timestamp);
    // One write to the kernel per unit, not one per packet.
    this.socket.cork();
    let free = true;
    let bytes = 0;
    if (report) this.socket.write(interleaved(this.o.channel + 1, report));
    for (const p of packets) {
      this.reports.sent(p.length - 16);
      free = this.socket.write(p);
      bytes += p.length;
    }
    this.socket.uncork();
    this.pace.wrote(bytes, free, done);
  }
}
