/**
 * `offsite`: where each motion event's snapshot and clip are copied, through the user's own rclone
 * remote (docs/offsite.md). One JSON value (`offsite` in the config file, CAMRELAY_OFFSITE,
 * --offsite) checked with zod once at start. The remote's password lives in rclone.conf, never here.
 * Off unless set.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result.js';
import { validateCameraId } from '../../shared/validate.js';
import type { SettingsSection } from '../config/settings.js';

/** `name:path`: a remote of the user's rclone.conf and a folder on it; rclone's own rule for names, no leading dash (an option). */
export const REMOTE = /^[\w.@+][\w.@+ -]{0,63}:[^\0\r\n]{0,512}$/;
/** `--bwlimit`: a rate (`1M`, `512k`, `off`), or rclone's upload:download pair (`1M:off`); no timetable. */
export const BWLIMIT = /^(off|\d+(\.\d+)?[bBkKmMgGtTpP]?)(:(off|\d+(\.\d+)?[bBkKmMgGtTpP]?))?$/;

const schema = z
  .object({
    remote: z
      .string()
      .regex(REMOTE, 'must be an rclone remote and folder, like evidence:camrelay (a remote named in rclone.conf, a colon, then a folder on it)')
      .refine((r) => !r.includes('..'), 'must not hold ".."'),
    /** The user's rclone.conf; rclone's own default when unset (~/.config/rclone/rclone.conf). */
    rcloneConfig: z.string().min(1).max(4096).optional(),
    /** The rclone program: a path, or a name found on PATH. */
    rclone: z.string().min(1).max(4096).default('rclone'),
    /** Camera ids to copy; every camera when unset. */
    cameras: z
      .array(z.string().refine((c) => validateCameraId(c).ok, 'must be camera ids'))
      .min(1)
      .max(1000)
      .optional(),
    what: z.enum(['snapshot', 'clip', 'both']).default('both'),
    /** The metered-link cap: MB copied per UTC day; 0: no cap. */
    maxMbPerDay: z.number().min(0).max(10_000_000).default(0),
    /** rclone's --bwlimit, as rclone reads it. */
    bwlimit: z.string().regex(BWLIMIT, 'must be a rate rclone reads, like 1M, 512k or off').optional(),
    /** Most events waiting; beyond it the oldest waiting are dropped (failed: queue full) and counted. */
    queueEvents: z.number().int().min(1).max(100_000).default(500),
    /** Copies at once: 1 or 2, so the link and disk stay free for recording and live viewing. */
    parallel: z.number().int().min(1).max(2).default(1),
  })
  .strict();

export type OffsiteConfig = z.output<typeof schema>;

// A type, not an interface: ServerConfig is read as a record of settings (load-config.ts).
export type OffsiteSettings = {
  /** null: the module is off. */
  offsite: OffsiteConfig | null;
};

const where = (path: PropertyKey[]) => ['offsite', ...path.map(String)].join('.');

/** Parses and checks the whole `offsite` value (JSON text); the error names the setting at fault. */
export function parseOffsite(text: string): Result<OffsiteConfig, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('offsite must be a JSON object');
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    return fail(`${where([...issue.path, issue.keys[0]!])} is not an offsite setting (known: ${Object.keys(schema.shape).join(', ')})`);
  if (issue.path.length === 0) return fail('offsite must be a JSON object with at least remote');
  // A camera id's own message is on the list, not on its item.
  const path = typeof issue.path.at(-1) === 'number' ? issue.path.slice(0, -1) : issue.path;
  return fail(`${where(path)} ${issue.message.startsWith('must') ? issue.message : `is not valid (${issue.message})`}`);
}

/** The offsite module's settings section: one JSON value. */
export const offsiteSettings: SettingsSection<OffsiteSettings> = {
  defaults: { offsite: null },
  settings: [
    {
      key: 'offsite',
      env: 'CAMRELAY_OFFSITE',
      flag: 'offsite',
      kind: 'custom',
      parse: parseOffsite,
      help: 'copy each motion event\'s snapshot and clip to an rclone remote, JSON: {"remote":"evidence:camrelay","maxMbPerDay":500} (docs/offsite.md)',
    },
  ],
};
