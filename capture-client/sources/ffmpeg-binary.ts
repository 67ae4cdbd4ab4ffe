/** Finds the ffmpeg binary and makes sure it can run. */
import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CamrelayError } from '../../shared/errors.js';
import { ffmpegBesideProgram } from './ffmpeg-locate.js';

const require = createRequire(import.meta.url);

/** The binary shipped by @ffmpeg-installer/ffmpeg, loaded lazily: its index throws on platforms it has no build for. */
function shippedFfmpegPath(): string {
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new CamrelayError(
      'SOURCE_UNAVAILABLE',
      `No ffmpeg binary is installed for ${process.platform}-${process.arch} (${why}): install ffmpeg and pass its path with --ffmpeg-path (or set CAMRELAY_FFMPEG).`,
    );
  }
}

/**
 * Returns a runnable ffmpeg path: the given one, or the shipped one. On POSIX it adds u+x when missing,
 * because npm may skip the platform package's postinstall and leave the binary without its exec bit.
 */
export function resolveFfmpegPath(explicit?: string, platform: NodeJS.Platform = process.platform): string {
  const path = explicit ?? ffmpegBesideProgram() ?? shippedFfmpegPath();
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch {
    throw new CamrelayError('SOURCE_UNAVAILABLE', `The ffmpeg binary "${path}" does not exist: check --ffmpeg-path (or CAMRELAY_FFMPEG).`);
  }
  if (platform === 'win32') return path;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    try {
      chmodSync(path, statSync(path).mode | 0o100);
      accessSync(path, constants.X_OK);
    } catch {
      throw new CamrelayError('SOURCE_UNAVAILABLE', `The ffmpeg binary "${path}" is not executable and chmod u+x failed: run chmod +x on it.`);
    }
  }
  return path;
}
