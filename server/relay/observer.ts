/** What the relay tells an observer (metrics) as frames move; the core knows nothing of Prometheus. */
import type { Transport } from '../../shared/protocol.js';
import type { Frame } from './frame.js';

export type DropReason = 'slow_viewer';

export interface RelayObserver {
  /** A frame accepted from a capture client. */
  frameIn(frame: Frame): void;
  /** A frame refused, by error code (no camera label: refused ids are untrusted input). */
  refused(code: string): void;
  /** A frame handed to a viewer's pipe and taken by it; `ms` from arrival at the server. */
  delivered(frame: Frame, transport: Transport, ms: number): void;
  /** A frame that never reached a viewer, replaced by a newer one. */
  dropped(cameraId: string, reason: DropReason): void;
  /** A long-offline camera left the registry: its per-camera series can go too. */
  forgotten(cameraId: string): void;
}

export const NO_OBSERVER: RelayObserver = { frameIn() {}, refused() {}, delivered() {}, dropped() {}, forgotten() {} };
