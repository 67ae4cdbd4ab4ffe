/**
 * The browser's microphone for talk back (#40 item 4): asked for when a person presses Talk, made into 8 kHz pieces
 * of 20 ms on the way (pcm-pieces.ts), and let go (the browser's recording light goes off) when they stop. The audio
 * graph (its AudioContext and loaded worklet) is made at the first press, side by side with asking for the
 * microphone, and kept, suspended, between presses: making it took about 80 ms of each press (bench/talk-latency.ts).
 */
import workletUrl from './talk-worklet.ts?worker&url';
import { TALK_SAMPLE_RATE } from '../../../shared/talk.js';
import { PcmPieces } from './pcm-pieces.js';

export interface Microphone {
  close(): void;
}

/** Why the microphone did not open, in words for the person and what to do. */
export function microphoneRefusal(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'INSECURE_CONTEXT')
    return 'This browser gives a page the microphone only over HTTPS (or on localhost): open the relay at its https:// address to talk.';
  if (name === 'NotAllowedError')
    return 'The microphone permission was refused: allow it for this site (the padlock in the address bar), then press Talk again.';
  if (name === 'NotFoundError') return 'This device has no microphone the browser can use.';
  if (name === 'NotReadableError') return 'The microphone is busy or blocked: close the other app or tab using it, then press Talk again.';
  return `The microphone could not start: ${err instanceof Error ? err.message : String(err)}`;
}

interface Graph {
  context: AudioContext;
  /** Hands the page each block of what is connected to it (talk-worklet.ts). */
  tap: AudioWorkletNode;
}

/** An audio graph at `rate` (the device's when undefined) with the tap loaded, pulled through a silent gain. */
async function graphAt(rate: number | undefined): Promise<Graph> {
  const context = new AudioContext(rate ? { sampleRate: rate } : {});
  try {
    await context.audioWorklet.addModule(workletUrl);
    const tap = new AudioWorkletNode(context, 'camrelay-talk');
    // Nothing of the microphone is played back here.
    const silent = context.createGain();
    silent.gain.value = 0;
    tap.connect(silent).connect(context.destination);
    return { context, tap };
  } catch (err) {
    void context.close();
    throw err;
  }
}

/**
 * The microphones of one page sharing one audio graph. One at a time, mostly: a quick stop and press again may open
 * the next before the last one's close, so the graph sleeps only when no press uses it, and a close clears only
 * its own tap.
 */
export class Microphones {
  private graph: Promise<Graph> | null = null;
  /** Presses opening or holding a microphone. */
  private using = 0;

  /**
   * Opens the microphone; `onPiece` gets each 20 ms piece. Rejects with an error `microphoneRefusal` can word.
   * Call it in the press's event: the audio graph is made in it, where the browser lets a page's sound start.
   */
  async open(onPiece: (piece: ArrayBuffer) => void): Promise<Microphone> {
    if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no microphone on a plain-http page'), { name: 'INSECURE_CONTEXT' });
    // At 8 kHz where the browser resamples the microphone so (Chromium, with a proper filter).
    const made = (this.graph ??= graphAt(TALK_SAMPLE_RATE));
    made.catch(() => (this.graph === made ? (this.graph = null) : undefined));
    // Woken while the browser opens the microphone, not after (about 20 ms a press).
    made.then((g) => g.context.resume()).catch(() => {});
    this.using++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      // Idle between presses: no audio thread running for nobody.
      if (--this.using === 0) this.graph?.then((g) => g.context.suspend()).catch(() => {});
    };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
    } catch (err) {
      release();
      throw err;
    }
    performance.mark('talk-mic');
    const stop = (): void => {
      stream.getTracks().forEach((t) => t.stop());
      release();
    };
    try {
      let graph = await made;
      let source: MediaStreamAudioSourceNode;
      try {
        source = graph.context.createMediaStreamSource(stream);
      } catch {
        // Firefox refuses a microphone in a graph at another rate than the device's: pcm-pieces.ts brings it down.
        void graph.context.close();
        this.graph = graphAt(undefined);
        graph = await this.graph;
        source = graph.context.createMediaStreamSource(stream);
      }
      const { context, tap } = graph;
      const pieces = new PcmPieces(context.sampleRate);
      const listener = (e: MessageEvent<Float32Array>): void => pieces.push(e.data, onPiece);
      tap.port.onmessage = listener;
      source.connect(tap);
      await context.resume(); // at once when already woken above
      performance.mark('talk-graph');
      return {
        close() {
          if (tap.port.onmessage === listener) tap.port.onmessage = null;
          source.disconnect();
          stop();
        },
      };
    } catch (err) {
      stop();
      throw err;
    }
  }
}
