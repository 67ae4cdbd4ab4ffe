/**
 * Logs refusals (bad tokens, foreign origins, handshakes that break the rules) without letting a
 * flood of bad requests become a flood of log lines: the first refusal of a kind from an address is
 * logged at once; repeats are summed up in one line per address and kind per window.
 */
export interface RefusalLogOptions {
  /** How long repeats are summed before their line is written. */
  windowMs?: number;
  /** Most address-and-kind pairs kept; past it, repeats are summed under one "other" line. */
  maxKeys?: number;
  /** Called for every refusal, logged or summed (for /metrics). */
  count?: (code: string) => void;
}

interface Entry {
  address: string;
  code: string;
  /** Repeats since the last line. */
  repeats: number;
}

const OTHER = { address: 'other addresses', code: 'any' };

export class RefusalLog {
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;
  private readonly maxKeys: number;

  constructor(
    private readonly log: { warn(fields: object, message: string): void },
    private readonly o: RefusalLogOptions = {},
  ) {
    this.maxKeys = o.maxKeys ?? 1000;
    this.timer = setInterval(() => this.flush(), o.windowMs ?? 60_000);
    this.timer.unref();
  }

  /** One refusal: `message` and `fields` are logged only for the first of its kind in a window. */
  refused(address: string, code: string, message: string, fields: object = {}): void {
    this.o.count?.(code);
    const key = `${address}\n${code}`;
    const entry = this.entries.get(key);
    if (entry) {
      entry.repeats++;
      return;
    }
    if (this.entries.size >= this.maxKeys) {
      const other = this.entries.get('\nother') ?? { ...OTHER, repeats: 0 };
      other.repeats++;
      this.entries.set('\nother', other);
      return;
    }
    this.entries.set(key, { address, code, repeats: 0 });
    this.log.warn({ ...fields, address, code }, message);
  }

  /** Writes one line per pair that repeated, and forgets the pairs that did not. */
  flush(): void {
    for (const [key, e] of this.entries) {
      if (e.repeats === 0) {
        this.entries.delete(key);
        continue;
      }
      this.log.warn({ address: e.address, code: e.code, count: e.repeats }, `refused ${e.repeats} more time(s) (${e.code})`);
      e.repeats = 0;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
