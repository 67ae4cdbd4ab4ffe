/**
 * One camera's detections (#39): while the relay's demand asks (`detect: { rate }`, sent while motion lasts), the
 * newest full frame the source gave is detected `rate` times a second and each verdict goes up as a `detections` unit
 * (shared/units.ts). Never more than one of this camera's frames is in the detector: a tick that finds it busy, or no
 * frame newer than the last one detected, does nothing, so detection never falls behind the live picture. Where the
 * relay says motion and its objects are (`detect.where`, #57), it looks at regions around them, as the relay's own
 * detector does, and names them in the verdict (`looked`).
 */
import { readJpegSize } from '../../common/codec/jpeg.js';
import type { DetectQueue } from '../../common/detect/detect-queue.js';
import type { SendResult } from '../../common/capture/sender.js';
import { regionsForHints } from '../../common/detect/regions.js';
import type { DetectionsMeta, DetectWhere } from '../../shared/demand.js';
import type { SourceFrame } from '../sources/source.js';

/** A refusal or a failure of one kind is said once a minute: verdicts are dropped either way. */
const SAY_EVERY_MS = 60_000;

export interface DetectFeedOptions {
  cameraId: string;
  /** The detector's queue (started on first use); null when detection cannot run here. */
  queue: () => Promise<DetectQueue | null>;
  /** Sends one verdict (its meta without clock offset: stamped by the sender); resolves with the relay's ack. */
  send: (meta: DetectionsMeta, data: Uint8Array) => Promise<SendResult>;
  /** A refusal by the relay, or a frame the detector failed on. */
  onError?: (err: Error) => void;
}

export class DetectFeed {
  /** Verdicts sent and acked, frames detected, regions looked at (0 for whole frames), and ticks that found the detector still busy. */
  readonly counts = { sent: 0, detected: 0, regions: 0, busy: 0 };
  private newest: SourceFrame | null = null;
  private lastDetected: SourceFrame | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private rate: number | null = null;
  private where: DetectWhere | null = null;
  private busy = false;
  private seq = 0;
  private stopped = false;
  private readonly toldAt = new Map<string, number>();

  constructor(private readonly o: DetectFeedOptions) {}

  /** The detections a second the relay asks for now, or null. */
  get asked(): number | null {
    return this.rate;
  }

  /** Where the relay says to look (#57 item 2): regions around its motion and tracked objects, scaled to each frame; null: the whole frame. */
  setWhere(where: DetectWhere | null): void {
    this.where = where;
  }

  /** A full frame from the source: kept as the newest (costs nothing while no detection is asked). */
  push(frame: SourceFrame): void {
    this.newest = frame;
  }

  /** The demand's `detect`: a rate starts ticking at it (the first tick at once), null stops. */
  setRate(rate: number | null): void {
    if (this.stopped || rate === this.rate) return;
    this.rate = rate;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (rate === null) return;
    this.timer = setInterval(() => this.tick(), 1000 / rate);
    this.timer.unref?.();
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.setRate(null);
    this.rate = null;
  }

  private tick(): void {
    const frame = this.newest;
    if (this.stopped || !frame || frame === this.lastDetected) return;
    if (this.busy) return void this.counts.busy++;
    this.busy = true;
    this.lastDetected = frame;
    void this.detect(frame)
      .catch((err: unknown) => this.tell('failed', `detection failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.busy = false));
  }

  private async detect(frame: SourceFrame): Promise<void> {
    const size = frame.width && frame.height ? { width: frame.width, height: frame.height } : readJpegSize(frame.jpeg);
    if (!size) return this.tell('NOT_JPEG', 'a frame with no JPEG size was not detected');
    const queue = await this.o.queue();
    if (!queue) return;
    const regions = regionsForHints(this.where ?? undefined, size);
    const outcome = await queue.offer(this.o.cameraId, frame.jpeg, regions);
    if (outcome.kind === 'failed') return this.tell(outcome.error.code, `detection failed on a frame: ${outcome.error.code}: ${outcome.error.message}`);
    if (outcome.kind !== 'detected' || this.stopped || this.rate === null) return;
    this.counts.detected++;
    if (regions) this.counts.regions += regions.length;
    // The regions go with the verdict: the relay's tracker does not count an object outside them as missed.
    const looked = regions?.map((r) => r.map(Math.round) as [number, number, number, number]);
    const meta: DetectionsMeta = {
      seq: this.seq++,
      capturedAt: Math.round(frame.capturedAt),
      width: size.width,
      height: size.height,
      ...(looked ? { looked } : {}),
    };
    const result = await this.o.send(meta, new TextEncoder().encode(JSON.stringify(outcome.detections)));
    if (result.ok) this.counts.sent++;
    // Lost with the connection: a verdict is only worth its moment, so it is not sent again.
    else if (result.error !== 'NETWORK' && result.error !== 'TIMEOUT')
      this.tell(result.error, `the relay refused detections: ${result.error}: ${result.message}`);
  }

  private tell(code: string, words: string): void {
    const now = Date.now();
    if (now - (this.toldAt.get(code) ?? -Infinity) < SAY_EVERY_MS) return;
    this.toldAt.set(code, now);
    this.o.onError?.(new Error(words));
  }
}
