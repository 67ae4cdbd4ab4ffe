/** The Diagnostics panel's WebRTC lines as text: pure, so their edge cases are unit-tested. */
import type { UpgradeEnd, UpgradeHistoryEntry, UpgradeState } from '../../../../common/webrtc/upgrade.js';
import type { WebrtcMode } from '../../../../shared/webrtc/protocol.js';
import { formatAge } from '../../tiles/indicators.js';
import type { RowValue, SectionRow } from '../receiver.js';

/** What the lines read of one attempt (a `WebrtcUpgrade`). */
export interface UpgradeView {
  readonly state: UpgradeState;
  readonly startedAt: number;
  readonly iceHistory: readonly UpgradeHistoryEntry[];
  readonly localTypes: ReadonlySet<string>;
  readonly remoteTypes: ReadonlySet<string>;
  readonly pair: string | null;
  readonly usingAt: number | null;
}

/** What the lines read of the page's receiver (a `WebrtcReceiver`). */
export interface ReceiverView {
  readonly serverMode: WebrtcMode | null;
  readonly enabled: boolean;
  readonly delivering: boolean;
  readonly upgrade: UpgradeView | null;
  readonly lastEnd: UpgradeEnd | null;
  readonly retryAt: number | null;
}

export const seconds = (ms: number): string => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/** `off`, `connecting 1.2 s`, `trial: …`, `active: …`, `ended · retry in 4 s`: where the upgrade stands. */
export function formatWebrtcState(r: ReceiverView, now: number): string {
  if (r.serverMode === 'off') return 'off: switched off on this server';
  if (!r.enabled) return r.serverMode === null ? "off: waiting for the server's settings" : 'off: switch it on in the header';
  const u = r.upgrade;
  if (u && u.state !== 'ended') {
    if (u.state === 'connecting') return `connecting ${seconds(now - u.startedAt)}`;
    if (u.state === 'trial') return 'trial: data channel open, waiting for its first frame';
    const since = u.usingAt === null ? '' : ` after ${seconds(u.usingAt - u.startedAt)}`;
    return r.delivering ? `active: frames over the data channel (first${since})` : 'active: no frame for a moment';
  }
  // A retry rounds up, so it never reads "retry in 0 s" while still waiting.
  if (r.retryAt !== null) return `ended · retry in ${Math.max(1, Math.ceil((r.retryAt - now) / 1000))} s`;
  if (!u) return 'waiting for the live connection';
  return 'ended · retry once the live connection is back';
}

/** `new → checking 0.1 s → connected 0.3 s`: ICE connection states, timed from the attempt's start. */
export function formatIceHistory(u: UpgradeView | null): string {
  if (!u || u.iceHistory.length === 0) return '—';
  return u.iceHistory.map((h, i) => (i === 0 && h.at - u.startedAt < 50 ? h.state : `${h.state} ${seconds(h.at - u.startedAt)}`)).join(' → ');
}

const types = (set: ReadonlySet<string>) => [...set].join(', ') || 'none';

/** `local host, srflx · remote host`: the candidate types each side offered in the last attempt. */
export function formatCandidates(u: UpgradeView | null): string {
  if (!u) return '—';
  return `local ${types(u.localTypes)} · remote ${types(u.remoteTypes)}`;
}

export function formatPair(u: UpgradeView | null): string {
  if (!u) return '—';
  return u.pair ?? (u.state === 'ended' ? 'none: ICE never chose one' : 'none yet');
}

/** `ICE did not connect in time: after 5.0 s in checking; … (ended by this browser, 12 s ago)`. */
export function formatAbandon(end: UpgradeEnd | null, now: number): string {
  if (!end) return '—';
  const message = end.message.charAt(0).toUpperCase() + end.message.slice(1);
  const who = end.remote ? 'ended by the server' : 'ended by this browser';
  return `${message}${end.detail ? `: ${end.detail}` : ''} (${who}, ${formatAge(now - end.at)} ago)`;
}

/** The Diagnostics drawer's WebRTC section, a row per line above. */
export const WEBRTC_ROWS: readonly SectionRow[] = [
  {
    key: 'state',
    label: 'State',
    help: 'The optional WebRTC upgrade of the live connection: frames over a data channel while it delivers, Socket.IO otherwise.',
  },
  { key: 'ice', label: 'ICE', help: 'ICE connection states of the current or last attempt, in seconds from its offer.' },
  {
    key: 'candidates',
    label: 'Candidates',
    help: 'Address types each side offered: host (own address), srflx (seen by STUN), prflx (learned from checks), relay (TURN).',
  },
  { key: 'pair', label: 'Pair', help: 'The local ⇄ remote candidates ICE chose; relay means frames go through TURN.' },
  { key: 'abandon', label: 'Last abandoned', help: 'Why the last attempt ended, and which side ended it.' },
];

/** The section's values now, by row key. */
export function webrtcFigures(r: ReceiverView, now: number): Record<string, RowValue> {
  return {
    state: { text: formatWebrtcState(r, now), state: r.enabled ? (r.upgrade?.state ?? 'waiting') : 'off' },
    ice: { text: formatIceHistory(r.upgrade) },
    candidates: { text: formatCandidates(r.upgrade) },
    pair: { text: formatPair(r.upgrade) },
    abandon: { text: formatAbandon(r.lastEnd, now) },
  };
}
