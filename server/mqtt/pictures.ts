/**
 * The pictures published: each camera's newest frame on its snapshot topic (on a schedule, and on
 * request), and each event's snapshot. A snapshot is a retained state, newest wins in the queue, so
 * a slow broker holds one picture per camera at most; QoS 0, as a lost picture is soon replaced.
 */
import type { Frame } from '../relay/frame.js';
import type { EventType } from '../events/event-record.js';
import type { EventRecord } from '../events/event-record.js';
import { TestGate } from '../http/test-gate.js';
import { eventMessage } from './event-message.js';
import type { PublishQueue } from './publish-queue.js';
import type { Topics } from './topics.js';
import { own, unexpected } from '../../common/own.js';

export interface PicturesDeps {
  queue: PublishQueue;
  topics: Topics;
  /** Cameras whose snapshots are kept (the ones listed). */
  cameras(): string[];
  latest(camera: string): Frame | undefined;
  /** An event's snapshot file, or null when it cannot be read (retention took it). */
  eventPicture(record: EventRecord): Promise<Buffer | null>;
  /** The relay's address for the event's links. */
  base(): string;
  /** A camera's display name, for an object event's words. */
  nameOf?(camera: string): string;
  /** Motion started (true) or ended. */
  motion(camera: string, moving: boolean): void;
  /** Seconds between scheduled snapshots; 0: none. */
  everySeconds: number;
  /** Tests: the least time between two pictures a request makes (1000 ms), and the clock. */
  requestEveryMs?: number;
  now?: () => number;
}

export class Pictures {
  /** The frame last published per camera: the schedule skips a camera whose newest frame it sent already (offline). */
  private readonly sent = new Map<string, Frame>();
  /** Per camera, when the picture last sent with an event was taken: its end repeats it only when the peak moved. */
  private readonly eventPeak = new Map<string, number | null>();
  private readonly timer: NodeJS.Timeout | undefined;
  /** Requests on `snapshot/get`: one picture per camera a second, as the command topics' refusals are gated (#37). */
  private readonly requests: TestGate;
  /** Per camera, the picture a request made while the gate was shut will send once it opens: a burst coalesces into it. */
  private readonly owed = new Map<string, NodeJS.Timeout>();

  constructor(private readonly d: PicturesDeps) {
    this.requests = new TestGate(d.requestEveryMs ?? 1000, d.now);
    if (d.everySeconds > 0) {
      this.timer = setInterval(() => this.scheduled(), d.everySeconds * 1000);
      this.timer.unref();
    }
  }

  /**
   * A request on the command topic: a picture now, or if one went less than a second ago, one when
   * the second is up. Anyone the broker lets publish there can send thousands a second, and each
   * picture is a whole JPEG on the broker: 2,000 requests made 145-1,110 pictures before (#37).
   */
  requested(camera: string): void {
    if (this.owed.has(camera)) return;
    const wait = this.requests.take(camera);
    if (wait === 0) return this.snapshot(camera);
    const timer = setTimeout(() => {
      this.owed.delete(camera);
      this.requested(camera);
    }, wait);
    timer.unref();
    this.owed.set(camera, timer);
  }

  /** A snapshot of the camera now, whether or not it was sent already. */
  snapshot(camera: string): void {
    const frame = this.d.latest(camera);
    if (!frame) return;
    this.sent.set(camera, frame);
    this.d.queue.state({ topic: this.d.topics.snapshot(camera), payload: frame.jpeg, qos: 0, retain: true });
  }

  /** Every camera's new frame (a connection just made: the broker may have lost its retained pictures). */
  scheduled(all = false): void {
    if (all) this.sent.clear();
    const cameras = new Set(this.d.cameras());
    for (const camera of cameras) {
      const frame = this.d.latest(camera);
      if (frame && frame !== this.sent.get(camera)) this.snapshot(camera);
    }
    for (const camera of this.sent.keys()) if (!cameras.has(camera)) this.sent.delete(camera);
  }

  /**
   * The recording manager's event hook: the event as JSON, the motion state (a start or an end),
   * then its picture once read. An object event's picture is the detector's frame, always sent.
   */
  event(type: EventType, record: EventRecord): void {
    const { queue, topics } = this.d;
    const message = eventMessage(type, record, this.d.base(), this.d.nameOf?.(record.camera));
    queue.event({ topic: topics.event(record.camera), payload: JSON.stringify(message), qos: 1, retain: false });
    if (type !== 'object') this.d.motion(record.camera, type === 'start');
    const peak = record.peakAt ?? null;
    const repeat = type === 'end' && this.eventPeak.get(record.camera) === peak;
    if (type === 'end') this.eventPeak.delete(record.camera);
    else this.eventPeak.set(record.camera, peak);
    if (!record.pictures || repeat) return;
    own(
      this.d.eventPicture(record).then((jpeg) => {
        if (jpeg) queue.event({ topic: topics.eventSnapshot(record.camera), payload: jpeg, qos: 0, retain: false });
      }),
      unexpected(`MQTT event picture of ${record.camera}`),
    );
  }

  close(): void {
    clearInterval(this.timer);
    for (const t of this.owed.values()) clearTimeout(t);
    this.owed.clear();
  }
}
