/**
 * The capture client's engine: the capture engine (common/capture/engine.ts) run with the capture
 * client's sender table, WebRTC included, so --transport picks from Socket.IO, HTTP POST and WebRTC.
 */
import { CaptureEngine, type CaptureEngineOptions, type CaptureEvent as EngineEvent } from '../common/capture/engine.js';
import type { CaptureStats } from '../common/capture/stats.js';
import { SENDERS } from './senders/index.js';

export type { CaptureStats };

/** Everything the client reports as it happens: what its senders report, refusals and failed sends. */
export type CaptureEvent = EngineEvent<typeof SENDERS>;

export type CaptureClientOptions = CaptureEngineOptions<typeof SENDERS>;

export class CaptureClient extends CaptureEngine<typeof SENDERS> {
  constructor(options: CaptureClientOptions) {
    super(SENDERS, options);
  }
}
