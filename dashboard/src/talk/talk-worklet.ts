/**
 * The audio thread's tap for talk back (microphone.ts): hands each block of the microphone's first channel to the
 * page, which makes talk's pieces of it (pcm-pieces.ts). Built by Vite as a file of its own (`?worker&url`): the
 * relay's Content-Security-Policy allows scripts from itself only, not a blob: URL.
 */

// The audio worklet's scope: not in TypeScript's DOM library.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

class TalkTap extends AudioWorkletProcessor {
  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    // A copy: the audio thread reuses its buffers for the next block.
    if (channel && channel.length > 0) this.port.postMessage(channel.slice());
    return true;
  }
}

registerProcessor('camrelay-talk', TalkTap);
