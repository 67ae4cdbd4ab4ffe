/**
 * Live sound out of the speakers (#40): one AudioContext for the page, made on the first click of a speaker button
 * (browsers let a page start sound only from a person's gesture), and per camera a schedule that plays each decoded
 * piece as far behind its capture as the camera's newest picture is (so sound and picture agree), never sooner than
 * its own arrival allows. The schedule holds while that delay moves less than SLACK_MS, so pieces join without gaps.
 */
import type { SoundDecoderKind } from './aac-decoder.js';
import { DecodedLevel, rmsOf } from './decoded-level.js';

/** The least delay behind its arrival a piece plays at: what rides out uneven arrival. */
const LEAD_MS: Record<SoundDecoderKind, number> = { webcodecs: 80, decodeAudioData: 120 };
/** The schedule moves only when the delay it should have is this far from the one it has: no gap or overlap per piece. */
const SLACK_MS = 60;

let shared: AudioContext | null = null;

/** The page's AudioContext, made now if need be: call from a click so it may start. */
export function soundContext(): AudioContext {
  shared ??= new AudioContext({ latencyHint: 'interactive' });
  if (shared.state === 'suspended') void shared.resume();
  return shared;
}

/** The context if a click made it, else null (a page that never asked for sound makes none). */
export function existingSoundContext(): AudioContext | null {
  return shared;
}

/** One camera's sound on its way to the speakers, with a level for its meter. */
export class CameraSound {
  private readonly gain: GainNode;
  /** The meter reads what was decoded, on its schedule: a page with no sound device plays nothing, yet shows the sound. */
  private readonly decoded = new DecodedLevel();
  /** Context time minus capture time (s): where the next piece goes. Null until the first piece. */
  private offset: number | null = null;
  /** The sound's delay on arrival here behind its capture (ms), smoothed. */
  private arrivalMs: number | null = null;
  /** Times the schedule started again (a late or far-early piece): a figure for the diagnostics. */
  restarts = 0;

  constructor(
    private readonly context: AudioContext,
    private readonly kind: SoundDecoderKind,
  ) {
    this.gain = context.createGain();
    this.gain.connect(context.destination);
  }

  /**
   * Plays `buffer`, whose first sample was captured at `capturedAt` (ms, relay clock, `relayNow` now), in step with the
   * camera's pictures: as far behind its capture as the newest picture (`pictureMs`), and never less than the sound's own
   * arrival delay plus a lead. Answers how long from now (ms) it starts.
   */
  play(buffer: AudioBuffer, capturedAt: number, relayNow: number, pictureMs: number | null): number {
    const now = this.context.currentTime;
    // How late sound arrives here: up at once, down slowly (one late burst should not make the next gap audible).
    const arrival = relayNow - capturedAt;
    this.arrivalMs = this.arrivalMs === null || arrival > this.arrivalMs ? arrival : this.arrivalMs * 0.98 + arrival * 0.02;
    const delayMs = Math.max(this.arrivalMs + LEAD_MS[this.kind], pictureMs ?? 0);
    // Context time minus relay time (s) that plays this piece `delayMs` behind its capture.
    const wanted = now - relayNow / 1000 + delayMs / 1000;
    let at = this.offset === null ? -Infinity : capturedAt / 1000 + this.offset;
    if (this.offset === null || at < now + 0.005 || Math.abs(wanted - this.offset) * 1000 > SLACK_MS) {
      if (this.offset !== null) this.restarts++;
      this.offset = wanted;
      at = Math.max(now + 0.005, capturedAt / 1000 + this.offset);
    }
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    source.start(at);
    const startsInMs = (at - now) * 1000;
    this.decoded.add(rmsOf(buffer.getChannelData(0)), startsInMs, buffer.duration * 1000);
    return startsInMs;
  }

  /** The sound's loudness now, 0 (silence) to 1 (full scale), as the meter shows it: as decoded, whether or not a device plays it. */
  level(): number {
    return this.decoded.level();
  }

  close(): void {
    this.gain.disconnect();
  }
}
