/**
 * The browser camera's microphone (#40): its permission asked at Start when the camera's sound is on in Admin (the
 * demand's `sound`), the microphone opened only while the demand asks for sound (someone listens), encoded by the browser's WebCodecs AudioEncoder, AAC where it has one (Safari) and
 * else Opus (Chromium and Firefox encode only Opus), and handed on one packet at a time as an `aac` unit's meta and
 * bytes. The samples come through a ScriptProcessorNode: every browser with an AudioEncoder has one, unlike
 * MediaStreamTrackProcessor (Chromium only) or an AudioWorklet (a module file of its own).
 */
import { AAC_SAMPLE_RATES, audioSpecificConfig } from '../../../common/codec/adts.js';
import { OPUS_RATE, opusConfigHex, opusHeadPreSkip } from '../../../common/codec/opus.js';
import type { AacFrameMeta } from '../../../shared/demand.js';

export type MicCodec = 'aac' | 'opus';

/** One encoded packet, its meta as the `aac` unit carries it (no clock offset or session: the engine stamps those). */
export type MicPacket = (meta: AacFrameMeta, bytes: Uint8Array) => void;

const RATE = 48_000;
const CHANNELS = 1;
/** Speech and room sound in mono: 32 kbit/s Opus is clear, AAC-LC wants more. */
const BITRATE: Record<MicCodec, number> = { aac: 64_000, opus: 32_000 };
const CODEC_STRING: Record<MicCodec, string> = { aac: 'mp4a.40.2', opus: 'opus' };
/** Samples per callback: 43 ms at 48 kHz (the smallest size every browser keeps up with on a phone). */
const BLOCK = 2048;
/** libopus' look-ahead at 48 kHz: the pre-skip when the encoder says none. */
const OPUS_PRE_SKIP = 312;

/** The codec this browser encodes a microphone to, AAC first; null when it has no AudioEncoder for either. */
export async function micCodec(): Promise<MicCodec | null> {
  if (typeof AudioEncoder !== 'function' || typeof AudioData !== 'function') return null;
  for (const codec of ['aac', 'opus'] as const) {
    const config = { codec: CODEC_STRING[codec], sampleRate: RATE, numberOfChannels: CHANNELS, bitrate: BITRATE[codec] };
    if ((await AudioEncoder.isConfigSupported(config).catch(() => ({ supported: false }))).supported) return codec;
  }
  return null;
}

/** 'ready': the browser allowed the microphone (asked at Start, the camera's sound being on), closed until someone listens. */
export type MicState = 'off' | 'opening' | 'ready' | 'sending' | 'refused';

export class MicSource {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private encoder: AudioEncoder | null = null;
  private config = '';
  private seq = 0;
  /** Bumped by each open and close: an open that finishes after a close gives its microphone straight back. */
  private run = 0;
  state: MicState = 'off';
  /** An open() under way (not an ask). */
  private opening = false;

  constructor(
    readonly codec: MicCodec,
    private readonly packet: MicPacket,
    private readonly changed: (state: MicState, why?: string) => void,
  ) {}

  /**
   * Asks the browser's permission now, with the camera's (the person who pressed Start is there to answer its prompt),
   * and gives the microphone straight back: it is opened again only when someone listens.
   */
  async ask(): Promise<void> {
    if (this.state !== 'off') return;
    const run = ++this.run;
    this.opening = false;
    const stream = await this.take(run);
    if (!stream) return;
    stopAll(stream);
    if (run === this.run) this.set('ready');
  }

  /** Opens the microphone (the browser's prompt, if not asked before) and starts sending; a refusal is said, not thrown. */
  async open(): Promise<void> {
    // An ask under way is overtaken: its run ends, and this one opens.
    if (this.opening || this.state === 'sending') return;
    const run = ++this.run;
    this.opening = true;
    const stream = await this.take(run);
    if (run === this.run) this.opening = false;
    if (!stream) return;
    this.stream = stream;
    const context = (this.context = new AudioContext({ sampleRate: RATE }));
    // Started by a click on Start earlier (the page's user activation); a phone may still want it resumed.
    await context.resume().catch(() => {});
    // Closed meanwhile: close() gave the stream and the context back already.
    if (run !== this.run) return;
    this.encoder = new AudioEncoder({
      output: (chunk, meta) => this.output(chunk, meta),
      error: (e) => this.fail(`The sound encoder failed: ${e.message}`),
    });
    this.encoder.configure({ codec: CODEC_STRING[this.codec], sampleRate: RATE, numberOfChannels: CHANNELS, bitrate: BITRATE[this.codec] });
    const source = context.createMediaStreamSource(stream);
    const tap = context.createScriptProcessor(BLOCK, CHANNELS, CHANNELS);
    // A processor runs only while connected to the output; it writes nothing, so the page plays silence.
    const mute = context.createGain();
    mute.gain.value = 0;
    tap.onaudioprocess = (e) => this.encode(e.inputBuffer);
    source.connect(tap).connect(mute).connect(context.destination);
    this.set('sending');
  }

  /** Stops sending and gives the microphone back (the browser's "in use" mark goes); `soundOn`: it may be asked for again. */
  close(soundOn = false): void {
    this.run++;
    this.opening = false;
    if (this.encoder?.state === 'configured') this.encoder.close();
    this.encoder = null;
    void this.context?.close().catch(() => {});
    this.context = null;
    if (this.stream) stopAll(this.stream);
    this.stream = null;
    const next = this.state === 'refused' ? 'refused' : soundOn && this.state !== 'off' ? 'ready' : 'off';
    if (next !== this.state) this.set(next);
  }

  /** The microphone from the browser for run `run`, or null (refused: said; or closed meanwhile: given back). */
  private async take(run: number): Promise<MediaStream | null> {
    this.set('opening');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: CHANNELS }, video: false });
      if (run === this.run) return stream;
      stopAll(stream);
    } catch (err) {
      if (run === this.run) this.set('refused', (err as Error).message);
    }
    return null;
  }

  private encode(input: AudioBuffer): void {
    if (!this.encoder || this.encoder.state !== 'configured') return;
    // The block's first sample was heard one block ago.
    const capturedAt = Date.now() - (input.length * 1000) / input.sampleRate;
    const data = new AudioData({
      format: 'f32-planar',
      sampleRate: input.sampleRate,
      numberOfFrames: input.length,
      numberOfChannels: CHANNELS,
      timestamp: Math.round(capturedAt * 1000),
      // AudioData copies what it is given: no copy of our own, every 43 ms.
      data: input.getChannelData(0),
    });
    this.encoder.encode(data);
    data.close();
  }

  private output(chunk: EncodedAudioChunk, meta?: EncodedAudioChunkMetadata): void {
    const description = meta?.decoderConfig?.description;
    if (meta?.decoderConfig || !this.config) this.config = this.configOf(description ? bytesOf(description) : null);
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    const sampleRate = this.codec === 'opus' ? OPUS_RATE : RATE;
    const m: AacFrameMeta = { seq: this.seq++, capturedAt: Math.round(chunk.timestamp / 1000), sampleRate, channels: CHANNELS, config: this.config };
    if (this.codec === 'opus') m.codec = 'opus';
    this.packet(m, bytes);
  }

  /** AAC: the AudioSpecificConfig the encoder gives (or the plain AAC-LC one); Opus: a dOps body from its OpusHead. */
  private configOf(description: Uint8Array | null): string {
    if (this.codec === 'opus')
      return opusConfigHex({ channels: CHANNELS, preSkip: (description && opusHeadPreSkip(description)) ?? OPUS_PRE_SKIP, inputRate: RATE });
    if (description && description.length >= 2 && description.length <= 16) return Array.from(description, (b) => b.toString(16).padStart(2, '0')).join('');
    return audioSpecificConfig({ objectType: 2, samplingIndex: AAC_SAMPLE_RATES.indexOf(RATE), channelConfig: CHANNELS });
  }

  private fail(why: string): void {
    this.close();
    this.set('refused', why);
  }

  private set(state: MicState, why?: string): void {
    this.state = state;
    this.changed(state, why);
  }
}

function stopAll(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}

function bytesOf(d: AllowSharedBufferSource): Uint8Array {
  return ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
}
