/** The live connection's recent events for the Diagnostics drawer: what tells a proxy problem from an outage. */
/** One line of the log: wall-clock time (ms since the epoch) and what happened. */
export interface LogEntry {
  at: number;
  text: string;
}

/** Where events are written; `Connection`, the receivers and main.ts only need this much. */
export interface EventSink {
  add(text: string): void;
}

/**
 * The recent events of the main connection, newest first, for the Diagnostics panel. Bounded, so a
 * connection that flaps all night costs the same memory as one that never dropped.
 */
export class ConnectionLog implements EventSink {
  readonly capacity: number;
  private readonly now: () => number;
  private readonly items: LogEntry[] = [];
  private added = 0;

  constructor(options: { capacity?: number; now?: () => number } = {}) {
    const { capacity = 50, now = Date.now } = options;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`The log capacity must be a positive integer, got ${capacity}.`);
    }
    this.capacity = capacity;
    this.now = now;
  }

  add(text: string): void {
    this.items.push({ at: this.now(), text });
    if (this.items.length > this.capacity) this.items.shift();
    this.added++;
  }

  /** The kept entries, newest first. */
  entries(): LogEntry[] {
    return this.items.slice().reverse();
  }

  /** Counts every `add`, kept or not: the panel redraws the list only when it moved. */
  get version(): number {
    return this.added;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `14:03:07.042` in this browser's time zone: what the user compares with the clock on the wall. */
export function formatClockTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `450 ms`, `2.3 s`, `95 s`: how long an outage lasted. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`;
  return `${Math.round(value / 1000)} s`;
}
