/**
 * A camera's live AAC frames (#40, shared/live-audio.ts) made into sound the page can play: WebCodecs' AudioDecoder
 * frame by frame where the page has it (https and localhost), else the Web Audio API's own decodeAudioData on a few
 * frames at a time, given their ADTS headers back (it takes whole files only, but exists on any page, plain http too).
 * Either way each piece comes out as an AudioBuffer with the capture time of its first sample.
 */
import { adtsHeader } from '../../../common/codec/adts.js';
import { concat } from '../../../common/codec/bytes.js';
import type { LiveAacMeta } from '../../../shared/live-audio.js';

export type SoundDecoderKind = 'webcodecs' | 'decodeAudioData';

/** Where decoded sound goes: a buffer, and the capture time (ms, relay clock) of its first sample. */
export type SoundOutput = (buffer: AudioBuffer, capturedAt: number) => void;

export interface AacDecoder {
  readonly kind: SoundDecoderKind;
  push(meta: LiveAacMeta, frame: Uint8Array): void;
  close(): void;
}

/** Samples in one AAC-LC frame. */
const FRAME_SAMPLES = 1024;
/** Frames decodeAudioData takes at once: ~85 ms at 48 kHz, what the page waits before it hears them. */
const CHUNK_FRAMES = 4;

const hexBytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));

/** The RFC 6381 codec of an AudioSpecificConfig: `mp4a.40.<object type>` (2 for AAC-LC). */
export function aacCodec(config: string): string {
  const first = parseInt(config.slice(0, 2), 16);
  return `mp4a.40.${first >> 3 || 2}`;
}

/** The decoder this page has: WebCodecs where it exists, else decodeAudioData (any page with Web Audio). */
export function soundDecoderKind(): SoundDecoderKind {
  return typeof AudioDecoder === 'function' ? 'webcodecs' : 'decodeAudioData';
}

/** WebCodecs: each frame decoded as it comes, in order; a new config (another stream) configures again. */
class WebCodecsAac implements AacDecoder {
  readonly kind = 'webcodecs' as const;
  private decoder: AudioDecoder | null = null;
  private config = '';
  /**
   * Capture times of the frames given to the decoder, in order: its outputs come in the same order, and Chromium stamps
   * them by counting samples from the first, which drifts from the frames' own times after any frame is lost.
   */
  private readonly stamps: number[] = [];

  constructor(
    private readonly out: SoundOutput,
    private readonly fail: (why: string) => void,
  ) {}

  push(meta: LiveAacMeta, frame: Uint8Array): void {
    if (meta.config !== this.config || this.decoder?.state !== 'configured') this.configure(meta);
    this.stamps.push(meta.capturedAt);
    if (this.stamps.length > 64) this.stamps.shift();
    // Microseconds of the epoch: well inside a double's exact integers.
    this.decoder?.decode(new EncodedAudioChunk({ type: 'key', timestamp: Math.round(meta.capturedAt * 1000), data: frame }));
  }

  close(): void {
    if (this.decoder?.state !== 'closed') this.decoder?.close();
    this.decoder = null;
  }

  private configure(meta: LiveAacMeta): void {
    this.close();
    this.stamps.length = 0;
    this.config = meta.config;
    this.decoder = new AudioDecoder({ output: (data) => this.output(data), error: (e) => this.fail(`The sound decoder failed: ${e.message}`) });
    // Opus (a browser camera's microphone) needs no description for mono or stereo: its config is the dOps box, not an OpusHead.
    const { sampleRate, channels: numberOfChannels } = meta;
    if (meta.codec === 'opus') this.decoder.configure({ codec: 'opus', sampleRate, numberOfChannels });
    else this.decoder.configure({ codec: aacCodec(meta.config), sampleRate, numberOfChannels, description: hexBytes(meta.config) });
  }

  private output(data: AudioData): void {
    const buffer = new AudioBuffer({ length: data.numberOfFrames, numberOfChannels: data.numberOfChannels, sampleRate: data.sampleRate });
    for (let c = 0; c < data.numberOfChannels; c++) {
      const plane = new Float32Array(data.numberOfFrames);
      data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
      buffer.copyToChannel(plane, c);
    }
    this.out(buffer, this.stamps.shift() ?? data.timestamp / 1000);
    data.close();
  }
}

/**
 * decodeAudioData: CHUNK_FRAMES frames at a time as one ADTS file. AAC overlaps each frame with the one before, so a
 * chunk decoded alone would start with a click: the frame before goes in first and its samples are cut off again.
 */
class ChunkedAac implements AacDecoder {
  readonly kind = 'decodeAudioData' as const;
  private waiting: Array<{ meta: LiveAacMeta; frame: Uint8Array }> = [];
  private previous: { meta: LiveAacMeta; frame: Uint8Array } | null = null;
  private closed = false;

  constructor(
    private readonly context: BaseAudioContext,
    private readonly out: SoundOutput,
    private readonly fail: (why: string) => void,
  ) {}

  push(meta: LiveAacMeta, frame: Uint8Array): void {
    // decodeAudioData takes whole files: Opus would need an Ogg or WebM one written around it (not built yet).
    if (meta.codec === 'opus') return this.opusUnplayable();
    const last = this.waiting.at(-1) ?? this.previous;
    // A gap (frames lost on the way) or another stream: the frame before is not this one's neighbour.
    if (last && (meta.seq !== last.meta.seq + 1 || meta.config !== last.meta.config)) {
      this.flush();
      this.previous = null;
    }
    this.waiting.push({ meta, frame });
    if (this.waiting.length >= CHUNK_FRAMES) this.flush();
  }

  close(): void {
    this.closed = true;
    this.waiting = [];
  }

  private opusUnplayable(): void {
    if (this.closed) return;
    this.closed = true;
    this.fail("This camera's sound is Opus, which this page plays only over https or on localhost (WebCodecs).");
  }

  private flush(): void {
    const chunk = this.waiting;
    if (chunk.length === 0) return;
    this.waiting = [];
    const lead = this.previous;
    this.previous = chunk.at(-1)!;
    const parts = (lead ? [lead, ...chunk] : chunk).flatMap(({ meta, frame }) => [adtsHeader(meta.config, frame.length), frame]);
    const file = concat(...parts);
    const first = chunk[0]!.meta;
    this.context.decodeAudioData(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer).then(
      (decoded) => {
        if (this.closed) return;
        const cut = lead ? Math.round((FRAME_SAMPLES * decoded.sampleRate) / first.sampleRate) : 0;
        this.out(cut > 0 ? tail(decoded, cut) : decoded, first.capturedAt);
      },
      (err: unknown) => this.fail(`The sound could not be decoded: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

/** `buffer` without its first `cut` samples. */
function tail(buffer: AudioBuffer, cut: number): AudioBuffer {
  const length = Math.max(1, buffer.length - cut);
  const out = new AudioBuffer({ length, numberOfChannels: buffer.numberOfChannels, sampleRate: buffer.sampleRate });
  for (let c = 0; c < buffer.numberOfChannels; c++) out.copyToChannel(buffer.getChannelData(c).subarray(cut, cut + length), c);
  return out;
}

/** This page's AAC decoder, handing its sound to `out`; `fail` hears why it stopped (said on the tile). */
export function aacDecoder(context: BaseAudioContext, out: SoundOutput, fail: (why: string) => void, kind = soundDecoderKind()): AacDecoder {
  return kind === 'webcodecs' ? new WebCodecsAac(out, fail) : new ChunkedAac(context, out, fail);
}
