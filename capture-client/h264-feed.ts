/**
 * The camera side's H.264 for recording (#28), as the relay's demand asks: the source's JPEGs into the picked
 * encoder (edge/edge-h264.ts), or an IP camera's own H.264 copied (edge/rtsp-copy.ts); its access units into
 * the uplink buffer, and from there to the relay a few at a time, each held until acked. A lost ack or a
 * reconnect sends again every unit not acked (the relay keeps one of each seq). Units wait in the buffer while the connection is down; past `holdMs` the encoder stops.
 * A camera's AAC frames (#29) take a lane of their own by the same rules, so audio never holds a picture back.
 */
import type { AacFrameMeta, H264FrameMeta } from '../shared/demand.js';
import { readJpegSize } from '../common/codec/jpeg.js';
import type { SendResult } from '../common/capture/sender.js';
import { edgeNote } from './edge/edge-note.js';
import type { H264Producer, ProducedUnit } from './edge/h264-producer.js';
import type { TimedAacFrame } from './edge/rtsp-copy-audio.js';
import { h264Meta, UPLINK_DEFAULTS, UplinkBuffer, type Bufferable, type UplinkBufferOptions, type UplinkUnit } from './edge/uplink-buffer.js';
import type { SourceFrame } from './sources/source.js';

/** What the feed needs of the connection: the engine's H264Link (common/capture/h264-link.ts). */
export interface H264Port {
  send(meta: H264FrameMeta, au: Uint8Array): Promise<SendResult>;
  /** Absent: AAC frames are dropped (a port that carries none). */
  sendAac?(meta: AacFrameMeta, frame: Uint8Array): Promise<SendResult>;
  ready(): boolean;
  onConnection(listener: (up: boolean) => void): () => void;
  /** Units the connection takes unacked now (more while it batches them, h264-link.ts); absent: 4. */
  inFlightMax?(): number;
}

export interface H264FeedOptions {
  /** The source's frame rate, which the encoder's GOP (1 s) is counted in. */
  fps: number;
  uplink?: UplinkBufferOptions;
  /** Units sent and not yet acked, at most; more in flight only queue in the socket. Default: the port's `inFlightMax`, else 4. */
  maxInFlight?: number;
  /** How long the encoder keeps going while the connection is down; default the uplink's 4 s, past which units only drop. */
  holdMs?: number;
  /** Told when the encoder cannot start or fails (it starts again on the next frame). */
  onError?: (err: Error) => void;
}

const REFUSAL_SAY_MS = 60_000;

/** AAC waits as long as the video, in far fewer bytes: 4 s of 384 kbit/s stereo is under 200 KiB. */
const AAC_UPLINK = { maxBytes: 1024 * 1024 };

/** One stream's way up: its buffer, its sends in flight, and how a unit becomes an event. */
interface Lane<U extends Bufferable> {
  buffer: UplinkBuffer<U>;
  inFlight: number;
  send(unit: UplinkUnit<U>): Promise<SendResult>;
}

function aacMeta(unit: UplinkUnit<TimedAacFrame>): AacFrameMeta {
  const { capturedAt, sampleRate, channels, config } = unit.au;
  return { seq: unit.seq, capturedAt, sampleRate, channels, config };
}

export class H264Feed {
  readonly uplink: UplinkBuffer;
  /** The camera's AAC frames waiting for their acks. */
  readonly audio: UplinkBuffer<TimedAacFrame>;
  private readonly lanes: [Lane<Bufferable>, Lane<Bufferable>];
  private readonly holdMs: number;
  private wanted = false;
  /** The demand's `audio` (#40): false while the camera's sound is off at the relay, or nobody listens and nothing records. */
  private audioWanted = true;
  private connected: boolean;
  private starting: Promise<void> | null = null;
  private size: { width: number; height: number } | null = null;
  /** +1 on each resend from the oldest unit not acked: what an older send says then only counts if it is an ack. */
  private round = 0;
  private hold: ReturnType<typeof setTimeout> | null = null;
  private halting: Promise<void> | null = null;
  private readonly unsubscribe: () => void;
  /** Units the relay refused for good (not a timeout or a lost connection): dropped, not sent again. */
  refused = 0;
  /** When each refusal code was last said: once a minute each, not once per unit. */
  private readonly toldAt = new Map<string, number>();

  constructor(
    private readonly edge: H264Producer,
    private readonly port: H264Port,
    private readonly opts: H264FeedOptions,
  ) {
    this.uplink = new UplinkBuffer(opts.uplink);
    this.audio = new UplinkBuffer<TimedAacFrame>({ ...opts.uplink, ...AAC_UPLINK });
    const video: Lane<ProducedUnit> = {
      buffer: this.uplink,
      inFlight: 0,
      send: (unit) => port.send(h264Meta(unit), unit.au.data),
    };
    const audio: Lane<TimedAacFrame> = {
      buffer: this.audio,
      inFlight: 0,
      send: (unit) => port.sendAac?.(aacMeta(unit), unit.au.data) ?? Promise.resolve({ ok: false, error: 'NETWORK', message: 'no audio' }),
    };
    this.lanes = [video, audio];
    this.holdMs = opts.holdMs ?? opts.uplink?.maxMs ?? UPLINK_DEFAULTS.maxMs;
    this.connected = port.ready();
    edge.onAccessUnit((au) => {
      if (!this.wanted) return;
      this.uplink.offer(au);
      this.pump();
    });
    edge.onAacFrame?.((frame) => {
      if (!this.wanted || !this.audioWanted || !port.sendAac) return;
      this.audio.offer(frame);
      this.pump();
    });
    edge.onError((err) => opts.onError?.(err));
    this.unsubscribe = port.onConnection((up) => this.connection(up));
  }

  /** True while the encoder's ffmpeg runs: from its start until it has exited after a stop. */
  get running(): boolean {
    return this.edge.running || this.starting !== null || this.halting !== null;
  }

  /** The demand's `h264`: true starts the encoder at the next frame's size; false stops it and empties the buffer. */
  setWanted(h264: boolean): void {
    // A connection that drops takes the demand with it; the buffer covers the gap until `holdMs` (connection()).
    if (!h264 && !this.connected && this.wanted) return;
    if (h264 === this.wanted) return;
    this.wanted = h264;
    if (!h264) void this.halt();
    else if (this.edge.input === 'camera') void this.resume();
  }

  /** The demand's `audio`: false drops the sound here (none is sent, what waited goes), true sends it again. */
  setAudio(audio: boolean): void {
    if (audio === this.audioWanted) return;
    this.audioWanted = audio;
    this.edge.setAudio?.(audio);
    if (!audio) this.audio.clear();
  }

  /** A camera's own stream needs no frame to start from (it has its own size); once a stop under way has ended. */
  private async resume(): Promise<void> {
    await this.halting;
    if (this.wanted && !this.edge.running && !this.starting) this.begin({ width: 0, height: 0 });
  }

  /** Every frame of the source, while wanted: the recording gets each one, not only those the live fps admits. */
  push(frame: SourceFrame): void {
    if (!this.wanted || this.starting || this.edge.input === 'camera') return;
    const size = frame.width && frame.height ? { width: frame.width, height: frame.height } : readJpegSize(frame.jpeg);
    if (!size) return;
    // A camera back in another mode (a replug): a new stream at its size, from a keyframe.
    if (!this.edge.running || size.width !== this.size?.width || size.height !== this.size.height) return void this.begin(size);
    try {
      this.edge.push(frame.jpeg, frame.capturedAt);
    } catch (err) {
      this.opts.onError?.(err as Error);
    }
  }

  /** The status line's H.264 part while the encoder runs, else null. */
  note(): string | null {
    return this.wanted && this.edge.running && this.edge.pick ? edgeNote(this.edge.pick, this.uplink) : null;
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.wanted = false;
    await this.halt();
  }

  private begin(size: { width: number; height: number }): void {
    this.size = { width: size.width, height: size.height };
    this.starting = this.edge
      .start({ fps: this.opts.fps, ...this.size })
      .catch((err: Error) => this.opts.onError?.(err))
      .finally(() => {
        this.starting = null;
        // Stopped while it opened: do not leave ffmpeg running.
        if (!this.wanted) void this.halt();
      });
  }

  private halt(): Promise<void> {
    if (this.hold) clearTimeout(this.hold);
    this.hold = null;
    const halting = (async () => {
      await this.starting;
      await this.edge.stop();
      this.uplink.clear();
      this.audio.clear();
      this.size = null;
    })();
    this.halting = halting;
    return halting.finally(() => {
      if (this.halting === halting) this.halting = null;
    });
  }

  private connection(up: boolean): void {
    this.connected = up;
    if (this.hold) clearTimeout(this.hold);
    this.hold = null;
    if (!up) {
      this.hold = setTimeout(() => {
        this.wanted = false;
        void this.halt();
      }, this.holdMs);
      this.hold.unref?.();
      return;
    }
    this.resend();
  }

  /** Every unit not acked goes again, oldest first; what the sends before say now only counts as an ack. */
  private resend(): void {
    this.round++;
    for (const lane of this.lanes) {
      lane.inFlight = 0;
      lane.buffer.rewind();
    }
    this.pump();
  }

  private pump(): void {
    const maxInFlight = this.opts.maxInFlight ?? this.port.inFlightMax?.() ?? 4;
    for (const lane of this.lanes) {
      while (this.wanted && this.connected && lane.inFlight < maxInFlight) {
        const unit = lane.buffer.next();
        if (!unit) break;
        lane.inFlight++;
        const round = this.round;
        void lane.send(unit).then((result) => this.settle(lane, unit.seq, result, round));
      }
    }
  }

  /** A refusal is said (its code and the relay's sentence), once a minute per code: the units are dropped either way. */
  private refusedOne(code: string, message: string): void {
    this.refused++;
    const now = Date.now();
    if (now - (this.toldAt.get(code) ?? -Infinity) < REFUSAL_SAY_MS) return;
    this.toldAt.set(code, now);
    this.opts.onError?.(new Error(`the relay refused H.264 from this camera: ${code}: ${message}`));
  }

  private settle(lane: Lane<Bufferable>, seq: number, result: SendResult, round: number): void {
    const lost = !result.ok && (result.error === 'TIMEOUT' || result.error === 'NETWORK');
    if (!lost) {
      // DROPPED: the uplink's policy let it go here (uplink-lanes.ts); the relay refused nothing.
      if (!result.ok && result.error !== 'DROPPED') this.refusedOne(result.error, result.message);
      lane.buffer.ack(seq);
    }
    if (round !== this.round) return;
    lane.inFlight--;
    // A lost ack on a live connection: the relay may lack this unit, so everything not acked goes again.
    if (result.ok === false && result.error === 'TIMEOUT' && this.connected) return this.resend();
    this.pump();
  }
}
