/**
 * One run of the page's camera: the camera opened, each new picture encoded to JPEG and handed to
 * the capture engine the capture client runs too, which sends it by Socket.IO or its HTTP fallback.
 */
import { CaptureEngine } from '../../../common/capture/engine.js';
import { isFinalRefusal } from '../../../common/capture/refusals.js';
import { CAPTURE_SENDERS } from '../../../common/capture/senders/index.js';
import { formatStatus } from '../../../common/capture/status-line.js';
import type { CaptureChoice } from './capture-settings.js';
import { JPEG_QUALITY } from './capture-settings.js';
import { CameraSource, type OpenedCamera } from './camera-source.js';
import { JpegEncoder } from './jpeg-encoder.js';
import { MicSource, type MicCodec, type MicState } from './mic-source.js';

export interface SessionTarget {
  /** The relay's address as this page sees it (a sub-path included). */
  base: string;
  cameraId: string;
  token: string;
  name?: string;
}

export interface SessionEvents {
  /** The relay refused the camera for good (FINAL_REFUSALS), or another device took it: the run is over. */
  refused(code: string, message: string): void;
  /** The browser ended the camera (the phone locked, another app took it). */
  cameraEnded(): void;
  /** A picture could not be encoded: said once per run. */
  encodeFailed(message: string): void;
  /** The microphone opened, closed or was refused (#40); `why` says what the browser said. */
  micChanged?(state: MicState, why?: string): void;
}

/** Sound packets in flight at once, at most (~1 s of 20 ms Opus): more are dropped, as a live sound's oldest are. */
const MIC_IN_FLIGHT = 50;

const ACK_TIMEOUT_MS = 5000;

export class CaptureSession {
  readonly engine: CaptureEngine<typeof CAPTURE_SENDERS>;
  readonly encoder = new JpegEncoder(JPEG_QUALITY);
  private readonly camera: CameraSource;
  private encoding = false;
  private encodeReported = false;
  private lastAcked = 0;
  private lastTick: number;
  /** The microphone, when this browser can encode one (null: the page offers none, and the relay never asks). */
  readonly mic: MicSource | null;
  private micInFlight = 0;
  /** Sound packets the relay acked this run. */
  micAcked = 0;

  constructor(
    private readonly target: SessionTarget,
    private readonly choice: CaptureChoice,
    video: HTMLVideoElement,
    private readonly events: SessionEvents,
    micCodec: MicCodec | null = null,
  ) {
    const name = target.name || undefined;
    this.camera = new CameraSource(video);
    // One frame in flight, one waiting: a phone's slow link loses frames, never gains delay.
    this.engine = new CaptureEngine(CAPTURE_SENDERS, {
      server: target.base,
      cameraId: target.cameraId,
      token: target.token,
      ...(name ? { name } : {}),
      ackTimeoutMs: ACK_TIMEOUT_MS,
      transport: 'auto',
      fps: choice.fps,
      maxInFlight: 1,
      // The relay asks for sound (demand.audio) only of a camera that offers it, and only while its sound is on and heard.
      ...(micCodec ? { offers: ['mic' as const] } : {}),
      onEvent: (e) => {
        if ((e.type === 'refused' && isFinalRefusal(e.code)) || e.type === 'kicked') this.end(() => events.refused(e.code, e.message));
      },
    });
    this.lastTick = Date.now();
    this.mic = micCodec
      ? new MicSource(
          micCodec,
          (meta, bytes) => this.sendSound(meta, bytes),
          (state, why) => events.micChanged?.(state, why),
        )
      : null;
    // Absent or false (disconnected, nobody listens, the sound turned off): the microphone is given back.
    if (this.mic) this.engine.onDemand((d) => this.micDemand(d.audio === true, d.sound === true));
  }

  /** Opens the camera and starts sending; throws the browser's camera error (a DOMException). */
  async start(): Promise<OpenedCamera> {
    const opened = await this.camera.open(this.choice, () => this.events.cameraEnded());
    this.camera.start(this.choice.fps, (capturedAt) => this.onPicture(capturedAt));
    return opened;
  }

  /** True while the camera track is live. */
  get cameraLive(): boolean {
    return this.camera.live;
  }

  /** The capture client's status line, with the frames acked per second since the last call. */
  statusLine(now = Date.now()): string {
    const s = this.engine.stats;
    const fps = ((s.acked - this.lastAcked) * 1000) / Math.max(1, now - this.lastTick);
    this.lastAcked = s.acked;
    this.lastTick = now;
    return formatStatus(this.target.cameraId, s, fps);
  }

  stop(): void {
    this.mic?.close();
    this.engine.close();
    this.camera.close();
  }

  private micDemand(audio: boolean, sound: boolean): void {
    if (!this.mic) return;
    if (audio) void this.mic.open();
    else if (!sound) this.mic.close();
    // Sound on, nobody listening: asked once at the start; a microphone that sent is given back.
    else if (this.mic.state === 'off') void this.mic.ask();
    else if (this.mic.state === 'sending') this.mic.close(true);
  }

  private sendSound(meta: Parameters<CaptureSession['engine']['h264']['sendAac']>[0], bytes: Uint8Array): void {
    if (this.micInFlight >= MIC_IN_FLIGHT) return;
    this.micInFlight++;
    void this.engine.h264.sendAac(meta, bytes).then((r) => {
      this.micInFlight--;
      if (r.ok) this.micAcked++;
    });
  }

  private end(report: () => void): void {
    this.stop();
    report();
  }

  private onPicture(capturedAt: number): void {
    // A hidden page is not sending: say so rather than send the odd frame the browser still paints.
    if (document.hidden || !this.engine.admit()) return;
    // One encode at a time: a picture that arrives meanwhile is lost, and counted.
    if (this.encoding) return this.engine.countDropped();
    const { width, height } = this.camera.size();
    if (!width || !height) return;
    this.encoding = true;
    this.encoder
      .encode(this.camera.element, width, height)
      .then((jpeg) => this.engine.send({ jpeg, width, height, capturedAt }))
      .catch((err: Error) => {
        this.engine.countDropped();
        if (!this.encodeReported) this.events.encodeFailed(err.message);
        this.encodeReported = true;
      })
      .finally(() => (this.encoding = false));
  }
}
