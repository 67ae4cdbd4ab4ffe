/**
 * Which sender the next frame goes by. Pure: told what happened, asked for a choice; it knows the
 * senders only by the roles a sender table gives them, so a new sender needs no change here.
 */
import type { WebrtcMode } from '../../shared/webrtc/protocol.js';
import type { SenderRole } from './sender.js';

/** The senders a mode uses, at most one per role. */
export type Lineup<N extends string = string> = Partial<Record<SenderRole, N>>;

/**
 * `auto` uses the first sender of each role in the table. A sender named alone is used alone,
 * but an upgrade needs a connection to ride on, so naming one is `auto` that insists on it.
 */
export function lineupFor<N extends string>(mode: 'auto' | NoInfer<N>, roles: Readonly<Record<N, SenderRole>>): Lineup<N> {
  const names = Object.keys(roles) as N[];
  const auto: Lineup<N> = {};
  for (const name of names) auto[roles[name]] ??= name;
  if (mode === 'auto') return auto;
  const role = roles[mode];
  return role === 'upgrade' ? { ...auto, upgrade: mode } : { [role]: mode };
}

/** Each sender's role, read from a sender table (name → module). */
export function rolesOf<N extends string>(table: Readonly<Record<N, { readonly role: SenderRole }>>): Record<N, SenderRole> {
  return Object.fromEntries(Object.entries<{ role: SenderRole }>(table).map(([n, m]) => [n, m.role])) as Record<N, SenderRole>;
}

export interface PickerOptions<N extends string = string> {
  /** `auto`, or one sender by name (`--transport`). */
  mode: 'auto' | N;
  /** The connection down this long: frames go by the fallback. */
  fallbackAfterMs: number;
  /** Sessions in a row that connected but got no ack before the fallback is pinned. */
  failedSessionsToPin: number;
  /** How long the fallback stays pinned after such sessions (the connection keeps reconnecting meanwhile). */
  pinMs: number;
  /** Backoff bounds for the fallback after a network failure, so a dead server is not hit per frame. */
  fallbackBackoffMinMs: number;
  fallbackBackoffMaxMs: number;
}

export const PICKER_DEFAULTS: PickerOptions<never> = {
  mode: 'auto',
  fallbackAfterMs: 3000,
  failedSessionsToPin: 2,
  pinMs: 30_000,
  fallbackBackoffMinMs: 1000,
  fallbackBackoffMaxMs: 10_000,
};

/**
 * In `auto`: the connection while it works; the fallback when it has been down for a while, or when
 * it keeps connecting without a single frame acked (the "connected while 0 frames flow" trap); back
 * to the connection when it proves itself again. The upgrade goes first while the server confirms
 * it delivers (when the server turns it on, or whenever it allows it if the upgrade was named).
 */
export class TransportPicker<N extends string = string> {
  readonly lineup: Lineup<N>;
  private readonly o: PickerOptions<N>;
  private connectionUp = false;
  private downSince: number;
  private sessionSent = 0;
  private sessionAcked = false;
  private failedSessions = 0;
  private pinnedUntil = 0;
  private fallbackRetryAt = 0;
  private fallbackBackoff: number;
  private upgradeUp = false;
  /** Until then the server refuses this camera: no sender is tried, none is blamed. */
  private refusedUntil = 0;

  constructor(
    private readonly roles: Readonly<Record<N, SenderRole>>,
    options: Partial<PickerOptions<N>>,
    now: number,
  ) {
    this.o = { ...PICKER_DEFAULTS, ...options };
    this.lineup = lineupFor(this.o.mode, roles);
    this.downSince = now;
    this.fallbackBackoff = this.o.fallbackBackoffMinMs;
  }

  /** The sender can carry frames: its connection is up, or the server confirmed its upgrade delivers. */
  up(name: N): void {
    const role = this.roleOf(name);
    if (role === 'upgrade') this.upgradeUp = true;
    if (role !== 'connection') return;
    this.refusedUntil = 0;
    this.connectionUp = true;
    this.sessionSent = 0;
    this.sessionAcked = false;
  }

  /** The sender cannot carry frames any more; an upgrade falls with its connection. */
  down(name: N, now: number): void {
    const role = this.roleOf(name);
    if (role === 'upgrade') this.upgradeUp = false;
    if (role !== 'connection') return;
    if (this.connectionUp && this.sessionSent > 0 && !this.sessionAcked && ++this.failedSessions >= this.o.failedSessionsToPin) {
      this.pinnedUntil = now + this.o.pinMs;
      this.failedSessions = 0;
    }
    this.connectionUp = false;
    this.upgradeUp = false;
    this.downSince = now;
  }

  /** Whether to try the upgrade, given the server's mode for it. */
  wantsUpgrade(serverMode: WebrtcMode): boolean {
    const { upgrade } = this.lineup;
    if (serverMode === 'off' || upgrade === undefined) return false;
    return this.o.mode === upgrade || (this.o.mode === 'auto' && serverMode === 'on');
  }

  /** Records the outcome of one send; `ok` false for timeouts and network errors only. */
  sent(name: N, ok: boolean, now: number): void {
    const role = this.roleOf(name);
    // An upgrade that stops draining ends itself (WebrtcSender): nothing to weigh here.
    if (role === 'connection') {
      this.sessionSent++;
      if (ok) {
        this.sessionAcked = true;
        this.failedSessions = 0;
      }
    }
    if (role !== 'fallback') return;
    if (ok) {
      this.fallbackBackoff = this.o.fallbackBackoffMinMs;
      this.fallbackRetryAt = 0;
    } else {
      this.fallbackRetryAt = now + this.fallbackBackoff;
      this.fallbackBackoff = Math.min(this.fallbackBackoff * 2, this.o.fallbackBackoffMaxMs);
    }
  }

  /**
   * The server refused the camera for good (a final refusal: its token, its address for too many
   * wrong ones, a full relay): that says nothing about the network, so no fallback; nothing is
   * sent until `untilMs` or a connection.
   */
  refused(untilMs: number): void {
    this.refusedUntil = Math.max(this.refusedUntil, untilMs);
  }

  /** True while the fallback is pinned because connection sessions delivered nothing. */
  pinned(now: number): boolean {
    return now < this.pinnedUntil;
  }

  pick(now: number): N | null {
    if (now < this.refusedUntil) return null;
    const { connection, fallback, upgrade } = this.lineup;
    // Pinning and waiting are ways to choose between a connection and a fallback: only when there are both.
    const flexible = connection !== undefined && fallback !== undefined;
    // The upgrade's signaling rides on the connection: without it the upgrade is over (or about to be).
    if (upgrade && this.upgradeUp && this.connectionUp) return upgrade;
    if (connection && this.connectionUp && !(flexible && this.pinned(now))) return connection;
    if (!fallback) return null;
    const fallBack = !connection || this.pinned(now) || now - this.downSince >= this.o.fallbackAfterMs;
    return fallBack && now >= this.fallbackRetryAt ? fallback : null;
  }

  /** The role `name` plays in this lineup, or null when the mode does not use it. */
  private roleOf(name: N): SenderRole | null {
    const role = this.roles[name];
    return this.lineup[role] === name ? role : null;
  }
}
