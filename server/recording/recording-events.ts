/**
 * A recording manager's events (#56 item 8, its seam out of recording-manager.ts): the event log of the data folder,
 * the built-in motion detection that writes into it and signals each camera's recorder, and the listeners that hear
 * each event once its files are written (the events module, mqtt), added after construction.
 */
import { EventLog, type EventLogDeps } from '../events/event-log.js';
import type { MotionSignal } from './camera-recorder.js';
import { MotionDetection, type MotionDetectionDeps } from './motion/motion-detection.js';
import type { SegmentFiles } from './segment-files.js';

export interface RecordingEventsOptions {
  onError?: (camera: string | null, message: string) => void;
  /** An event started or ended. */
  onEvent?: EventLogDeps['onEvent'];
  /** Tests: motion detection's decoder. */
  decode?: MotionDetectionDeps['decode'];
  /** The smallest fresh camera-side picture of a camera, and asking the camera side for one (#28). */
  smaller?: MotionDetectionDeps['smaller'];
  wantsSmall?: MotionDetectionDeps['wantsSmall'];
}

export class RecordingEvents {
  readonly log: EventLog;
  readonly detection: MotionDetection;
  private readonly listeners = new Set<NonNullable<EventLogDeps['onEvent']>>();

  /** `signal(camera, signal)`: the detector saw motion start or end on a camera (its recorder's pre- and post-roll). */
  constructor(files: SegmentFiles, o: RecordingEventsOptions, signal: (camera: string, signal: MotionSignal) => void) {
    this.log = new EventLog({
      files,
      onError: (camera, message) => o.onError?.(camera, message),
      onEvent: (type, record) => {
        o.onEvent?.(type, record);
        for (const l of this.listeners) l(type, record);
      },
    });
    this.detection = new MotionDetection({
      events: this.log,
      onSignal: signal,
      onError: (camera, message) => o.onError?.(camera, message),
      decode: o.decode,
      smaller: o.smaller,
      wantsSmall: o.wantsSmall,
    });
  }

  /** Hears each event's start and end once its files are written. */
  onEvent(listener: NonNullable<EventLogDeps['onEvent']>): void {
    this.listeners.add(listener);
  }

  /** Detection stops, then the log finishes what it writes. */
  async close(): Promise<void> {
    await this.detection.close();
    await this.log.close();
  }
}
