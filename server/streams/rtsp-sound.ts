/**
 * The sound of an RTSP reader (#41 with #40): the camera's AAC (or a browser camera's Opus) as a second RTP track on
 * the same connection, taken from the relay's sound track as a listening viewer takes it (relay/sound-track.ts: the
 * camera side is asked for sound while someone listens, each listener has its own lane, the oldest frames dropped
 * past a second). Both tracks send RTCP sender reports, so a player lines sound up with the picture by the relay's
 * capture clock rather than by when each track's first packet came.
 */
import { randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import { audioClock, audioPayload, audioPayloadType, sameAudioTrack, senderReport, type AudioTrack } from '../../common/codec/rtp-audio.js';
import { RtpClock } from '../../common/codec/rtp-h264.js';
import { interleaved, rtpPacket } from '../../common/codec/rtp.js';
import type { AacUnit } from '../tracks/audio-lane.js';
import type { LaneSink } from '../tracks/lane.js';
import type { TrackReader } from '../tracks/track.js';

/** What an RTSP reader needs of the relay's sound track. */
export interface SoundSource {
  allowed(cameraId: string): boolean;
  subscribe(viewer: TrackReader, cameraIds: readonly string[], sink: LaneSink<AacUnit>): void;
  unsubscribe(viewer: TrackReader): void;
}

/** A sender report per track at its first packet and then this often: players resynchronise on each. */
export const REPORT_EVERY_MS = 5000;

/** The track a camera's frame makes, as the SDP describes it. */
export function audioTrackOf(unit: AacUnit): AudioTrack {
  const { codec, sampleRate, channels, config } = unit.meta;
  return { codec: codec === 'opus' ? 'opus' : 'aac', sampleRate, channels, config };
}

/** One track's RTCP bookkeeping: what it sent, and when its next sender report is due. */
export class TrackReports {
  packets = 0;
  octets = 0;
  private lastAt = -Infinity;

  constructor(readonly ssrc: number) {}

  /** The report to send before a packet of capture time `atMs` and timestamp `rtpTimestamp`, or null when one went lately. */
  due(atMs: number, rtpTimestamp: number): Uint8Array | null {
    if (atMs - this.lastAt < REPORT_EVERY_MS) return null;
    this.lastAt = atMs;
    return senderReport({ ssrc: this.ssrc, atMs, rtpTimestamp, packets: this.packets, octets: this.octets });
  }

  sent(payloadBytes: number): void {
    this.packets++;
    this.octets += payloadBytes;
  }
}

export interface SoundOutOptions {
  cameraId: string;
  /** The RTP channel of the SETUP's `interleaved=`; RTCP goes on the next one. */
  channel: number;
  track: AudioTrack;
  /** Past this many bytes waiting in the connection's buffer, frames are dropped (the picture's cap). */
  capBytes: number;
  /** Whether the reader may still have the camera (its token not revoked). */
  allowed: () => boolean;
  /** Told of a frame of another track than described (the camera's sound changed): the next DESCRIBE offers that. */
  changed?: (track: AudioTrack) => void;
}

export class RtspSoundOut {
  readonly ssrc = randomInt(0, 2 ** 32);
  seq = randomInt(0, 2 ** 16);
  readonly firstTimestamp = randomInt(0, 2 ** 32);
  /** Frames written, and those dropped here (another codec than described, too big, or past the byte cap). */
  written = 0;
  dropped = 0;
  private readonly clock: RtpClock;
  private readonly reports = new TrackReports(this.ssrc);
  private readonly viewer: TrackReader;

  constructor(
    private readonly socket: Socket,
    private readonly sound: SoundSource,
    private readonly o: SoundOutOptions,
  ) {
    this.clock = new RtpClock(this.firstTimestamp, audioClock(o.track));
    this.viewer = { wants: (id) => id === o.cameraId && o.allowed(), paused: false };
  }

  start(): void {
    this.sound.subscribe(this.viewer, [this.o.cameraId], { write: (unit, done) => this.write(unit, done) });
  }

  stop(): void {
    this.sound.unsubscribe(this.viewer);
  }

  private write(unit: AacUnit, done: () => void): void {
    done();
    if (this.socket.destroyed) return;
    const track = audioTrackOf(unit);
    const same = sameAudioTrack(track, this.o.track);
    if (!same) this.o.changed?.(track);
    const payload = same ? audioPayload(this.o.track, unit.frame) : null;
    if (!payload || this.socket.writableLength > this.o.capBytes) return void this.dropped++;
    const timestamp = this.clock.at(unit.meta.capturedAt);
    const report = this.reports.due(unit.meta.capturedAt, timestamp);
    if (report) this.socket.write(interleaved(this.o.channel + 1, report));
    const packet = rtpPacket({ payloadType: audioPayloadType(this.o.track), sequence: this.seq, timestamp, ssrc: this.ssrc, marker: true }, payload);
    this.seq = (this.seq + 1) & 0xffff;
    this.socket.write(interleaved(this.o.channel, packet));
    this.reports.sent(payload.length);
    this.written++;
  }
}
