/**
 * The device's camera through `getUserMedia`, shown in a `<video>` (the preview), and a callback per
 * new camera picture: `requestVideoFrameCallback` where it exists, which also says when the picture
 * was captured, else a timer at the asked frame rate.
 */
import { videoConstraints, type CaptureChoice } from './capture-settings.js';

/** What the camera actually gave, which may differ from what was asked. */
export interface OpenedCamera {
  width: number;
  height: number;
  /** The track's frame rate as the browser reports it, when it does. */
  fps: number | null;
  label: string;
  deviceId: string | null;
}

/** The frame's capture time on this page's clock (ms since the epoch). */
type FrameListener = (capturedAt: number) => void;

export class CameraSource {
  private stream: MediaStream | null = null;
  private running = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private onEnd: (() => void) | null = null;

  constructor(private readonly video: HTMLVideoElement) {}

  /** Asks for the camera (the browser may show its permission prompt) and starts the preview; throws the browser's DOMException. */
  async open(choice: CaptureChoice, onEnd: () => void): Promise<OpenedCamera> {
    this.close();
    const stream = await navigator.mediaDevices.getUserMedia({ video: videoConstraints(choice), audio: false });
    this.stream = stream;
    this.onEnd = onEnd;
    const track = stream.getVideoTracks()[0]!;
    // Another app took the camera, the phone locked it, or it was unplugged.
    track.addEventListener('ended', () => this.onEnd?.());
    this.video.srcObject = stream;
    await this.video.play();
    const settings = track.getSettings();
    return {
      width: this.video.videoWidth || settings.width || choice.width,
      height: this.video.videoHeight || settings.height || choice.height,
      fps: settings.frameRate ?? null,
      label: track.label,
      deviceId: settings.deviceId ?? null,
    };
  }

  /** Calls `listener` for each new picture until `close`. */
  start(fps: number, listener: FrameListener): void {
    this.running = true;
    const video = this.video;
    if ('requestVideoFrameCallback' in video) {
      const next = (_now: number, meta: VideoFrameCallbackMetadata) => {
        if (!this.running) return;
        listener(captureTimeOf(meta));
        video.requestVideoFrameCallback(next);
      };
      video.requestVideoFrameCallback(next);
    } else {
      this.timer = setInterval(() => listener(Date.now()), 1000 / fps);
    }
  }

  /** The preview element, the source each frame is drawn from. */
  get element(): HTMLVideoElement {
    return this.video;
  }

  /** The picture's size now (a phone turned on its side changes it). */
  size(): { width: number; height: number } {
    return { width: this.video.videoWidth, height: this.video.videoHeight };
  }

  /** True while the camera track is live (not ended by the browser or the system). */
  get live(): boolean {
    return this.stream?.getVideoTracks()[0]?.readyState === 'live';
  }

  close(): void {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.onEnd = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
  }
}

/** The camera's own capture time when the browser gives it (Chrome does for cameras), else now. */
export function captureTimeOf(meta: { captureTime?: number }, origin = performance.timeOrigin, now = Date.now()): number {
  if (meta.captureTime === undefined) return now;
  const at = origin + meta.captureTime;
  // A capture time from another clock (or far off) would make every latency figure wrong: trust now instead.
  return Math.abs(now - at) < 1000 ? at : now;
}
