/**
 * The last warnings and errors of the relay's log, for the System section and the diagnostics bundle (#42 item 3).
 * The ring is fed by the logger itself (the core's log tap, modules/log-tap.ts), whatever level the terminal shows, and keeps each entry
 * small and without secrets: it is shown to admins and goes into bug reports.
 */
import { LOG_RING_SIZE, type RelayLogEntry } from '../../shared/system.js';
import { isSecretKey, REDACTED, redactText } from './redact.js';

export type RingLevel = RelayLogEntry['level'];

const MESSAGE_CHARS = 200;
const VALUE_CHARS = 120;
const DETAIL_CHARS = 300;
const FIELDS = 8;
const CODE = /^[A-Z][A-Z0-9_]{1,47}$/;
/** A message that is a fixed phrase ("recording problem"), not a sentence with values in it, names its entry. */
const PHRASE = /^[a-z][a-z ]{2,47}$/i;

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function shown(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[unprintable]';
  }
}

/** The stable code of an entry: its own `code` (or its error's), else its fixed message in UPPER_SNAKE. */
export function codeOf(level: RingLevel, fields: Record<string, unknown>, message: string): string {
  const err = fields.err;
  const own = typeof fields.code === 'string' ? fields.code : err && typeof err === 'object' && 'code' in err ? (err as { code: unknown }).code : undefined;
  if (typeof own === 'string' && CODE.test(own)) return own;
  if (PHRASE.test(message)) return message.trim().toUpperCase().replace(/ +/g, '_');
  return level === 'warn' ? 'LOG_WARN' : 'LOG_ERROR';
}

/** A pino call's arguments (`(fields, message)`, `(message)`, `(error)`) as an entry's fields and message. */
export function parseArgs(args: readonly unknown[]): { fields: Record<string, unknown>; message: string } {
  const [first, second] = args;
  if (first instanceof Error) return { fields: { err: first }, message: typeof second === 'string' ? second : first.message };
  if (first && typeof first === 'object') {
    const fields = { ...(first as Record<string, unknown>) };
    const message = typeof second === 'string' ? second : typeof fields.msg === 'string' ? fields.msg : '';
    delete fields.msg;
    return { fields, message };
  }
  return { fields: {}, message: typeof first === 'string' ? first : shown(first) };
}

/** `key=value` pairs of an entry's fields, secrets out, each value and the whole bounded; null when none. */
export function detailOf(fields: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'code' || value === undefined) continue;
    if (parts.length === FIELDS) break;
    const text = isSecretKey(key) ? REDACTED : cut(redactText(shown(value)), VALUE_CHARS);
    parts.push(`${cut(key, 40)}=${text}`);
  }
  return parts.length ? cut(parts.join(' '), DETAIL_CHARS) : null;
}

/** A bounded ring of log entries; a run of the same entry (code, message, module) takes one slot with a count. */
export class LogRing {
  private readonly items: RelayLogEntry[] = [];

  constructor(
    readonly size: number = LOG_RING_SIZE,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new TypeError(`The log ring's size must be a positive integer, not ${size}.`);
  }

  /** Records one pino call at `level` from the logger of `module`. */
  record(level: RingLevel, module: string | null, args: readonly unknown[]): void {
    const { fields, message: raw } = parseArgs(args);
    const message = cut(redactText(raw), MESSAGE_CHARS);
    const code = codeOf(level, fields, raw);
    const detail = detailOf(fields);
    const time = this.now();
    const last = this.items.at(-1);
    if (last && last.level === level && last.code === code && last.message === message && last.module === module) {
      last.count++;
      last.lastTime = time;
      last.detail = detail;
      return;
    }
    this.items.push({ time, lastTime: time, count: 1, level, code, module, message, detail });
    if (this.items.length > this.size) this.items.shift();
  }

  /** The entries, oldest first (copies: the caller may change them). */
  entries(): RelayLogEntry[] {
    return this.items.map((e) => ({ ...e }));
  }
}
