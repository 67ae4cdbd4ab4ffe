/**
 * Stands in for sharp inside the one-file capture program. sharp is a native module the bundle cannot
 * carry, and a single executable's own `require` loads only Node's built-in modules, so this loads it
 * on first call with a real `require` from the program's folder, and says what to do when it is not there.
 */
import { createRequire } from 'node:module';
import { isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import { CamrelayError } from '../../../shared/errors.js';

type SharpFn = (...args: unknown[]) => unknown;
let sharp: SharpFn | undefined;

function load(): SharpFn {
  // A single executable's file is process.execPath; the bundle's is the .js file beside it.
  const from = isSea() ? process.execPath : fileURLToPath(import.meta.url);
  try {
    return (sharp ??= createRequire(from)('sharp') as SharpFn);
  } catch (err) {
    throw new CamrelayError(
      'MODULE_MISSING',
      `sharp is not installed beside this program (${(err as Error).message.split('\n')[0]}); this program does not need it, ` +
        `as ffmpeg beside it draws the test pattern and does --width and --quality.`,
    );
  }
}

export default function sharpOnDemand(...args: unknown[]): unknown {
  return load()(...args);
}
