/**
 * What the result of each full frame the engine sent means (engine.ts sends them): acked or failed is counted for
 * the status line, the picker hears whether the transport worked, a final refusal waits AUTH_RETRY_MS as it does on
 * the connection, and a connection that takes frames but acks none (two timeouts in a row) is reconnected.
 */
import { AUTH_RETRY_MS } from '../../shared/errors.js';
import type { TransportPicker } from './picker.js';
import { isFinalRefusal } from './refusals.js';
import type { SendResult } from './send-result.js';
import type { Sender } from './sender.js';
import type { SenderLineup } from './sender-lineup.js';
import type { CaptureStats } from './stats.js';

export interface FrameOutcomesHost<N extends string> {
  stats: CaptureStats;
  picker: TransportPicker<N>;
  senders: SenderLineup<N>;
  /** The sender frames go through right now (engine.ts `activeSender`). */
  activeSender: () => Sender | null;
  emit: (e: { type: 'refused' | 'error'; code: string; message: string }) => void;
  now: () => number;
}

export class FrameOutcomes<N extends string> {
  /** Timeouts on the connection in a row. */
  private timeouts = 0;

  constructor(private readonly host: FrameOutcomesHost<N>) {}

  /** The connection is up again: its count of timeouts starts over. */
  connected(): void {
    this.timeouts = 0;
  }

  /** Takes one frame's result; `trial` when the upgrade on trial got a copy of it, `rtt` its round trip. */
  take(name: N, sender: Sender, result: SendResult, rtt: number, trial: boolean): void {
    const { stats, picker, senders } = this.host;
    const transportFailed = !result.ok && (result.error === 'TIMEOUT' || result.error === 'NETWORK');
    picker.sent(name, !transportFailed, this.host.now());
    // Sent on trial, the frame (or a newer one) may reach the server first by the upgrade: no loss.
    if (result.ok || (trial && result.error === 'STALE_FRAME')) {
      stats.acked++;
      // An upgrade's channel has no ack: no round trip to show.
      stats.rttMs = sender === senders.upgrade ? null : rtt;
      this.timeouts = 0;
      if (stats.lastError !== null && sender === this.host.activeSender()) stats.lastError = stats.lastErrorMessage = null;
      return;
    }
    stats.failed++;
    [stats.lastError, stats.lastErrorMessage] = [result.error, result.message];
    // A final refusal over the fallback: the same slow retry and the same words as on the connection.
    if (isFinalRefusal(result.error)) {
      picker.refused(this.host.now() + AUTH_RETRY_MS);
      return this.host.emit({ type: 'refused', code: result.error, message: result.message });
    }
    this.host.emit({ type: 'error', code: result.error, message: result.message });
    // Connected but no acks: the "connected while 0 frames flow" failure. Reconnect rather than trust it.
    if (sender === senders.carrier && result.error === 'TIMEOUT' && ++this.timeouts >= 2) {
      this.timeouts = 0;
      senders.carrier.reconnect();
    }
  }
}
