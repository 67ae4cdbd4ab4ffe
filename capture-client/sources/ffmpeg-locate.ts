/**
 * Finds an ffmpeg shipped beside the capture program itself: the Windows zip puts ffmpeg.exe next to
 * camrelay-capture.exe, where no node_modules exists for @ffmpeg-installer/ffmpeg to be found in.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSea } from 'node:sea';
import { bundleDir } from '../bundle-info.js';

export interface ProgramPlace {
  /** True inside a single executable application (node:sea). */
  sea: boolean;
  execPath: string;
  /** The folder of the bundle file when run as `node camrelay-capture.cjs`, else null. */
  bundleDir: string | null;
  platform: NodeJS.Platform;
}

function currentPlace(): ProgramPlace {
  return { sea: isSea(), execPath: process.execPath, bundleDir: bundleDir(), platform: process.platform };
}

/** The folder the capture program was shipped in: the executable's for a SEA, the bundle's for `node camrelay-capture.cjs`, else null. */
export function programDir(place: ProgramPlace = currentPlace()): string | null {
  if (place.sea) return dirname(place.execPath);
  return place.bundleDir;
}

/** The ffmpeg (ffmpeg.exe on Windows) beside the program, when there is one; null from source or when absent. */
export function ffmpegBesideProgram(
  place: ProgramPlace = currentPlace(),
  isFile = (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
): string | null {
  const dir = programDir(place);
  if (dir === null) return null;
  const candidate = join(dir, place.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
  return isFile(candidate) ? candidate : null;
}
