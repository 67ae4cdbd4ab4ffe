/**
 * One run of the page's camera: the camera opened, each new picture encoded to JPEG and handed to
 * the publisher, which sends it over the page's Socket.IO connection or its HTTP fallback.
 */
import { formatStatus } from '../../../common/capture/status-line.js';
import type { CaptureChoice } from './capture-settings.js';
import { JPEG_QUALITY } from './capture-settings.js';
import { CameraSource, type OpenedCamera } from './camera-source.js';
import { HttpLink } from './http-link.js';
import { JpegEncoder } from './jpeg-encoder.js';
import { Publisher } from './publisher.js';
import { SocketioLink } from './socketio-link.js';

export interface SessionTarget {
  /** The relay's address as this page sees it (a sub-path included). */
  base: string;
  cameraId: string;
  token: string;
  name?: string;
}

export interface SessionEvents {
  /** The relay refused the token (or another device took the camera): the run is over. */
  refused(code: string, message: string, retryAfterMs: number | null): void;
  /** The browser ended the camera (the phone locked, another app took it). */
  cameraEnded(): void;
  /** A picture could not be encoded: said once per run. */
  encodeFailed(message: string): void;
}

const ACK_TIMEOUT_MS = 5000;

/** A fresh id per run, as the capture client's: frames of a new run win over an old one's. */
function sessionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class CaptureSession {
  readonly publisher: Publisher;
  readonly encoder = new JpegEncoder(JPEG_QUALITY);
  private readonly camera: CameraSource;
  private readonly socketio: SocketioLink;
  private encoding = false;
  private encodeReported = false;
  private lastAcked = 0;
  private lastTick: number;

  constructor(
    private readonly target: SessionTarget,
    private readonly choice: CaptureChoice,
    video: HTMLVideoElement,
    private readonly events: SessionEvents,
  ) {
    const session = sessionId();
    const name = target.name || undefined;
    this.camera = new CameraSource(video);
    this.socketio = new SocketioLink(target.base, { token: target.token, cameraId: target.cameraId, session, ...(name ? { name } : {}) }, ACK_TIMEOUT_MS, {
      up: () => this.publisher.connectionChanged(true),
      down: () => this.publisher.connectionChanged(false),
      upgraded: () => this.publisher.connectionChanged(true),
      reconnecting: () => this.publisher.reconnecting(),
      refused: (code, message, wait) => this.end(() => events.refused(code, message, wait)),
    });
    const http = new HttpLink(target.base, { cameraId: target.cameraId, token: target.token, session, ...(name ? { name } : {}) }, ACK_TIMEOUT_MS);
    this.publisher = new Publisher(
      { socketio: this.socketio, http },
      { fps: choice.fps, onRefused: (code, message) => this.end(() => events.refused(code, message, null)) },
    );
    this.lastTick = Date.now();
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
    const s = this.publisher.stats;
    const fps = ((s.acked - this.lastAcked) * 1000) / Math.max(1, now - this.lastTick);
    this.lastAcked = s.acked;
    this.lastTick = now;
    return formatStatus(this.target.cameraId, s, fps);
  }

  stop(): void {
    this.publisher.stop();
    this.socketio.close();
    this.camera.close();
  }

  private end(report: () => void): void {
    this.stop();
    report();
  }

  private onPicture(capturedAt: number): void {
    // A hidden page is not sending: say so rather than send the odd frame the browser still paints.
    if (document.hidden || !this.publisher.admit()) return;
    // One encode at a time: a picture that arrives meanwhile is lost, and counted.
    if (this.encoding) return this.publisher.countDropped();
    const { width, height } = this.camera.size();
    if (!width || !height) return;
    this.encoding = true;
    this.encoder
      .encode(this.camera.element, width, height)
      .then((jpeg) => this.publisher.push({ jpeg, width, height, capturedAt }))
      .catch((err: Error) => {
        this.publisher.countDropped();
        if (!this.encodeReported) this.events.encodeFailed(err.message);
        this.encodeReported = true;
      })
      .finally(() => (this.encoding = false));
  }
}
