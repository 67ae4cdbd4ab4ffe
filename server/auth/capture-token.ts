/** The site-wide capture token: from config, or generated once and kept in the data folder. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeWholeAsync } from '../config/write-whole.js';
import { commandSafeSecret } from './command-secret.js';

export interface CaptureToken {
  value: string;
  /** True when it was generated now (so main prints it). */
  generated: boolean;
  file: string | null;
}

export async function resolveCaptureToken(configured: string | undefined, dataDir: string): Promise<CaptureToken> {
  if (configured) return { value: configured, generated: false, file: null };
  const file = path.resolve(dataDir, 'capture-token');
  try {
    const value = (await readFile(file, 'utf8')).trim();
    if (value) return { value, generated: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Kept on disk so a restart does not lock out every capture client that already has it.
  const value = commandSafeSecret(18);
  await mkdir(path.dirname(file), { recursive: true });
  // Whole and flushed: a token cut short by a crash would be read as the token the next time.
  await writeWholeAsync(file, value + '\n');
  return { value, generated: true, file };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison; hashing first hides the expected token's length too. */
export function tokenMatches(given: unknown, expected: string): boolean {
  return typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(given), digest(expected));
}
