/** Secrets that are typed or pasted on a command line. */
import { randomBytes } from 'node:crypto';

/**
 * `bytes` random bytes as base64url, never starting with '-': a leading dash (1 secret in 64)
 * makes `--token -XYZ` read as an option to the program's parser and to most shells' tools.
 * Drawing again keeps every first character equally likely among the other 63.
 */
export function commandSafeSecret(bytes: number): string {
  for (;;) {
    const value = randomBytes(bytes).toString('base64url');
    if (!value.startsWith('-')) return value;
  }
}
