/**
 * The relay's one observer, handing each call to the observers modules add (metrics counts frames
 * this way): the relay is built before the table runs, so a module cannot be its observer directly.
 */
import type { Frame } from '../relay/frame.js';
import type { DropReason, RelayObserver } from '../relay/observer.js';
import type { Transport } from '../../shared/protocol.js';

/** What a module may observe: the relay's frames, and the transports' refusals (by error code). */
export interface ServerObserver extends RelayObserver {
  refusal(code: string): void;
}

export class RelayObservers implements ServerObserver {
  private readonly list: ServerObserver[] = [];

  add(observer: ServerObserver): void {
    this.list.push(observer);
  }

  frameIn(frame: Frame): void {
    for (const o of this.list) o.frameIn(frame);
  }

  refused(code: string): void {
    for (const o of this.list) o.refused(code);
  }

  delivered(frame: Frame, transport: Transport, ms: number): void {
    for (const o of this.list) o.delivered(frame, transport, ms);
  }

  dropped(cameraId: string, reason: DropReason): void {
    for (const o of this.list) o.dropped(cameraId, reason);
  }

  forgotten(cameraId: string): void {
    for (const o of this.list) o.forgotten(cameraId);
  }

  refusal(code: string): void {
    for (const o of this.list) o.refusal(code);
  }
}
