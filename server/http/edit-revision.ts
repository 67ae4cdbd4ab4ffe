/**
 * Revisions of settings saved as a whole form, so two admins editing one section are told when the
 * other saved first instead of one silently overwriting the other. A revision is a hash of what is
 * saved now: it needs no storage, survives a restart, and changes with any change (the Admin area, an
 * MQTT command, a new config file). Who saved and when is kept in memory, beside the revision it made.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Response } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** A revision sent back is at most this long (ours are 16); a longer one is refused unread. */
export const REVISION_MAX = 64;
const REVISION = /^[A-Za-z0-9_-]{1,64}$/;
/** A save's author is a user name (shared/auth.ts caps them); cut anyway, as it goes into every conflict. */
const AUTHOR_MAX = 64;
/** Marks kept at most: one per camera or entry, so a bound well above CAMRELAY_MAX_CAMERAS. */
const MARKS_MAX = 1024;

/** Who saved a section last, when, and the revision that save made. */
export interface SaveMark {
  by: string;
  at: number;
  revision: string;
}

/** What a reader of a section gets beside its values: the revision to send back, and the last save known. */
export interface RevisionInfo {
  revision: string;
  savedBy: string | null;
  savedAt: number | null;
}

/** The revision of an entry not there (yet): a save that means to add one sends it. */
export const NO_ENTRY = 'new';

/**
 * The revision of a saved value: 16 hex digits of the SHA-256 of its JSON, or of its HMAC under `key`
 * for a value holding a secret (an address's password), so a revision tells nothing of it.
 */
export function revisionOf(value: unknown, key?: Buffer): string {
  const text = JSON.stringify(value) ?? 'undefined';
  const hash = key ? createHmac('sha256', key) : createHash('sha256');
  return hash.update(text).digest('hex').slice(0, 16);
}

/** A body's `revision`: absent (an old client, the CLI: saved as before), or a short token. */
export function readRevision(raw: unknown): Result<string | null> {
  if (raw === undefined || raw === null) return ok(null);
  if (typeof raw !== 'string' || !REVISION.test(raw)) {
    const error = new CamrelayError('BAD_REVISION');
    error.field = 'revision';
    return fail(error);
  }
  return ok(raw);
}

/** The last save of each section, by key (a camera id); the oldest mark goes past MARKS_MAX. */
export class SaveMarks {
  private readonly marks = new Map<string, SaveMark>();

  mark(key: string, by: string, at: number, revision: string): void {
    this.marks.delete(key);
    this.marks.set(key, { by: by.slice(0, AUTHOR_MAX), at, revision });
    if (this.marks.size > MARKS_MAX) this.marks.delete(this.marks.keys().next().value!);
  }

  /** The section's revision now, with its author when the last save we saw made it (not an MQTT command or a restart since). */
  info(key: string, revision: string): RevisionInfo {
    const m = this.marks.get(key);
    return m && m.revision === revision ? { revision, savedBy: m.by, savedAt: m.at } : { revision, savedBy: null, savedAt: null };
  }
}

/** A save that started from `sent` is refused when the section has moved on: 409 EDIT_CONFLICT, saying who and when. */
export function refuseStale(res: Response, sent: string | null, now: RevisionInfo): boolean {
  if (sent === null || sent === now.revision) return false;
  const who = now.savedBy ? `${now.savedBy} saved these settings at ${new Date(now.savedAt!).toISOString()}` : 'These settings were changed';
  const error = new CamrelayError(
    'EDIT_CONFLICT',
    `${who} after you opened them; nothing was saved. Read them again, or send your change with revision ${now.revision} to save it over theirs.`,
  );
  res.status(error.status).json({ ...error.toJSON(), ...now });
  return true;
}
