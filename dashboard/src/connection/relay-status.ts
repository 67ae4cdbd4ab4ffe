/**
 * The page-level truth about the relay: reachable, unreachable since when, or refusing this page
 * (with its code, its message and what to do). Pure: main.ts feeds it events, the banner shows it.
 */

export type RelayProblem = { kind: 'unreachable'; since: number; attempts: number } | { kind: 'refused'; code: string; message: string };

export interface BannerText {
  title: string;
  detail: string;
  /** What the person can do about it, or '' when waiting is all there is. */
  fix: string;
}

/** What to do per refusal code, where the server's message alone does not say. */
const FIXES: Record<string, string> = {
  BAD_ORIGIN: "Open the Live Monitor at the relay's own address, or fix the proxy as the message says; then reload.",
  TOO_MANY_ATTEMPTS: 'Wait until the time is up, then try again with the right password.',
  TOO_MANY_HANDSHAKES: 'The relay is busy with connections that have not signed in (possibly an attack); this page keeps trying.',
  FORBIDDEN: 'Ask an admin for access to these cameras.',
  TOO_MANY_SOCKETS: 'Close Live Monitor tabs or devices you no longer watch; this page connects again once one has closed.',
  INTERNAL: 'The relay failed; its log says why. This page keeps trying.',
};

function clock(at: number): string {
  return new Date(at).toLocaleTimeString();
}

export function bannerText(problem: RelayProblem, retryEveryS: number): BannerText {
  if (problem.kind === 'unreachable') {
    const tries = problem.attempts > 0 ? `attempt ${problem.attempts}, ` : '';
    return {
      title: `Relay unreachable since ${clock(problem.since)}`,
      detail: `Retrying (${tries}every ${retryEveryS} s). The cameras may be fine: this page cannot reach the relay to know.`,
      fix: 'Check that the relay is running and that this device is on its network.',
    };
  }
  return {
    title: `The relay refused this page (${problem.code})`,
    detail: problem.message,
    fix: FIXES[problem.code] ?? '',
  };
}

/** Follows the events that decide the banner; `problem` is null while all is well. */
export class RelayStatus {
  private downSince: number | null = null;
  private attempts = 0;
  private refusal: { code: string; message: string } | null = null;

  constructor(
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  get problem(): RelayProblem | null {
    if (this.refusal) return { kind: 'refused', ...this.refusal };
    if (this.downSince !== null) return { kind: 'unreachable', since: this.downSince, attempts: this.attempts };
    return null;
  }

  /** True while the relay does not answer this page (the tiles then say so, not "stalled"). */
  get unreachable(): boolean {
    return this.downSince !== null;
  }

  /** The relay answered (a connection, or any HTTP answer at all). */
  reached(): void {
    if (this.downSince === null && this.attempts === 0) return;
    this.downSince = null;
    this.attempts = 0;
    this.onChange();
  }

  /** A live connection dropped: unreachable from now, until something answers. */
  lost(): void {
    if (this.downSince !== null) return;
    this.downSince = this.now();
    this.onChange();
  }

  /** A connection or request got no answer. */
  failed(): void {
    this.downSince ??= this.now();
    this.attempts++;
    this.onChange();
  }

  /** The relay answered with a refusal this page cannot fix by retrying; null clears it. */
  refused(refusal: { code: string; message: string } | null): void {
    if (refusal?.code === this.refusal?.code && refusal?.message === this.refusal?.message) return;
    this.refusal = refusal;
    this.onChange();
  }
}
