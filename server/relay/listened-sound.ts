/**
 * The sound track as the camera side keeps it (#56 item 1): a listener's reading asks the camera for its sound live
 * (demand's `listeners`); the recorder's asks nothing of its own, as recording's H.264 already brings the camera's
 * sound without a listener's hurry (demand.ts: the AAC with the H.264, a microphone while its camera records).
 */
import type { TrackReader } from '../tracks/track.js';
import { ReaderLedger } from './reader-ledger.js';
import { SoundTrack } from './sound-track.js';

export class ListenedSound extends SoundTrack {
  private readonly ledger: ReaderLedger;

  /** `listened(cameraId, on)`: the first listener came to the camera (true), or the last one went. */
  constructor(listened: (cameraId: string, on: boolean) => void) {
    super(() => {});
    this.ledger = new ReaderLedger((cameraId, need, on) => need === 'live' && listened(cameraId, on));
  }

  override subscribe(...args: Parameters<SoundTrack['subscribe']>): void {
    super.subscribe(...args);
    this.ledger.settle(this, args[0], args[1]);
  }

  override read(...args: Parameters<SoundTrack['read']>): void {
    super.read(...args);
    this.ledger.settle(this, args[0], [args[1]]);
  }

  override unsubscribe(reader: TrackReader): void {
    super.unsubscribe(reader);
    this.ledger.settle(this, reader, []);
  }
}
