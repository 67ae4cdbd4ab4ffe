/**
 * One setting's three spellings (config-file key, environment variable, flag) and how its text is
 * read. The core's settings (config.ts) and each transport's own section use the same shape.
 */
import { CamrelayError } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';

export interface Setting<K extends string = string> {
  key: K;
  env: string;
  flag: string;
  kind: 'port' | 'int' | 'string' | 'bool' | 'choice' | 'custom';
  min?: number;
  choices?: readonly string[];
  /** For `custom`: the value, or why the text is not one (a clause that follows "is not valid: "). */
  parse?: (raw: string) => Result<unknown, string>;
  /** Its value may hold a password: a bad value's error names the setting, never the value. */
  secret?: boolean;
  help: string;
}

/** The keys of a defaults literal; any string for a section whose keys are not known (a table of many). */
type KeyOf<D> = [keyof D & string] extends [never] ? string : keyof D & string;

/** A transport's settings: its defaults literal, how each is given, and a check across them. */
export interface SettingsSection<D extends object> {
  defaults: D;
  settings: ReadonlyArray<Setting<KeyOf<D>>>;
  /** Run once all settings are read: null, or a one-line reason the combination is refused. */
  check?(config: D): string | null;
}

/** Reads one value; throws CamrelayError('BAD_CONFIG') naming where it came from. */
export function parseValue(s: Setting, raw: string, source: string): unknown {
  const shown = s.secret ? source : `${source}=${JSON.stringify(raw)}`;
  const bad = (why: string) => new CamrelayError('BAD_CONFIG', `${shown} is not valid: ${why}.`);
  switch (s.kind) {
    case 'string':
      if (raw === '') throw bad('it must not be empty');
      return raw;
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw bad('use true or false');
    case 'choice':
      if (!s.choices!.includes(raw)) throw bad(`use one of ${s.choices!.join(', ')}`);
      return raw;
    case 'custom': {
      const parsed = s.parse!(raw);
      if (!parsed.ok) throw bad(parsed.error);
      return parsed.value;
    }
    default: {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw bad('it must be a whole number');
      if (s.kind === 'port' && (n < 0 || n > 65535)) throw bad('a port is 0-65535');
      if (s.min !== undefined && n < s.min) throw bad(`the minimum is ${s.min}`);
      return n;
    }
  }
}
