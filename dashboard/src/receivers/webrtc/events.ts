/** One connection-log line per step of each WebRTC attempt, so "Recent connection events" tells the whole story. */
import type { EventSink } from '../../connection/connection-log.js';
import { seconds, type ReceiverView, type UpgradeView } from './format.js';

export class WebrtcEvents {
  private upgrade: UpgradeView | null = null;
  private state: string | null = null;

  constructor(
    private readonly log: EventSink,
    /** The receiver's clock (its attempts are timed with it). */
    private readonly now: () => number = Date.now,
  ) {}

  /** Called on every receiver change; writes only when the attempt or its state changed. */
  note(r: ReceiverView): void {
    const u = r.upgrade;
    if (!u || (u === this.upgrade && u.state === this.state)) return;
    this.upgrade = u;
    this.state = u.state;
    if (u.state === 'connecting') this.log.add('webrtc: trying an upgrade');
    else if (u.state === 'trial') this.log.add(`webrtc: data channel open after ${seconds(this.now() - u.startedAt)}`);
    else if (u.state === 'active') this.log.add(`webrtc: frames over the data channel, ${seconds((u.usingAt ?? u.startedAt) - u.startedAt)} after the offer`);
    else if (r.lastEnd) this.log.add(`webrtc ended: ${r.lastEnd.message}${r.lastEnd.detail ? ` (${r.lastEnd.detail})` : ''}`);
  }
}
