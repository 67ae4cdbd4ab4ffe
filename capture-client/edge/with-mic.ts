/**
 * A camera's H.264 made here from its pictures, with the capture PC's microphone as its sound (#40): the producer as
 * it is, and the microphone open while the producer runs and the relay wants the camera's sound (h264-feed.ts
 * `setAudio`), so a camera whose sound is off never has its microphone opened.
 */
import type { H264Producer, ProducedUnit, ProducerStart } from './h264-producer.js';
import type { MicAudio } from './mic-audio.js';
import type { TimedAacFrame } from './rtsp-copy-audio.js';

export class WithMic implements H264Producer {
  private audio = true;

  constructor(
    private readonly video: H264Producer,
    private readonly mic: MicAudio,
  ) {}

  get input(): H264Producer['input'] {
    return this.video.input;
  }

  get running(): boolean {
    return this.video.running;
  }

  get pick(): H264Producer['pick'] {
    return this.video.pick;
  }

  async start(at: ProducerStart): Promise<void> {
    await this.video.start(at);
    if (this.audio) this.mic.start();
  }

  push(jpeg: Uint8Array, capturedAt: number): boolean {
    return this.video.push(jpeg, capturedAt);
  }

  onAccessUnit(cb: (au: ProducedUnit) => void): void {
    this.video.onAccessUnit(cb);
  }

  onAacFrame(cb: (frame: TimedAacFrame) => void): void {
    this.mic.onFrame(cb);
  }

  onError(cb: (err: Error) => void): void {
    this.video.onError(cb);
    this.mic.onError(cb);
  }

  /** The relay's `audio`: off closes the microphone at once; on opens it while the video runs. */
  setAudio(on: boolean): void {
    this.audio = on;
    if (!on) this.mic.stop();
    else if (this.video.running) this.mic.start();
  }

  async stop(): Promise<void> {
    this.mic.stop();
    await this.video.stop();
  }
}
