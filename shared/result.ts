/** The one shape every check returns instead of throwing: a value, or a CamrelayError with its stable code. */
import type { CamrelayError } from './errors.js';

export type Result<T, E = CamrelayError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E = CamrelayError>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
