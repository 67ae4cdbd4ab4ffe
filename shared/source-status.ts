/** Checks a `source-status` a capture client sent before the relay keeps it: never throws, cuts long messages. */
import { CamrelayError } from './errors.js';
import { SOURCE_MESSAGE_MAX, SOURCE_WAIT_CODES, type SourceStatus, type SourceWaitCode } from './protocol.js';
import { fail, ok, type Result } from './result.js';

const CODES: ReadonlySet<string> = new Set(SOURCE_WAIT_CODES);

/** `{state:'ok'}`, or `{state:'waiting'}` with a known code and a string message (cut to SOURCE_MESSAGE_MAX); else BAD_REQUEST. */
export function validateSourceStatus(value: unknown): Result<SourceStatus> {
  const bad = (why: string) => fail(new CamrelayError('BAD_REQUEST', `source-status: ${why}`));
  if (typeof value !== 'object' || value === null) return bad('must be an object.');
  const { state, error, message } = value as Record<string, unknown>;
  if (state === 'ok') return ok({ state: 'ok' });
  if (state !== 'waiting') return bad('state must be "ok" or "waiting".');
  if (typeof error !== 'string' || !CODES.has(error)) return bad(`error must be one of ${SOURCE_WAIT_CODES.join(', ')}.`);
  if (typeof message !== 'string') return bad('message must be a string.');
  return ok({ state, error: error as SourceWaitCode, message: message.slice(0, SOURCE_MESSAGE_MAX) });
}
