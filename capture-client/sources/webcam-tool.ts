/**
 * Finds the still-capture tool node-webcam shells out to on Linux (fswebcam) and macOS (imagesnap). Windows needs
 * none: the webcam source runs ffmpeg there, not node-webcam's CommandCam.exe (downloaded from GitHub at install,
 * 2 s a shot, no Unicode paths).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';
import { CamrelayError } from '../../shared/errors.js';

function isRunnable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile() || statSync(file).size === 0) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks `bin` up over a PATH string the way a shell would, without running `which`; null when absent. */
export function findOnPath(bin: string, pathEnv: string | undefined, platform: NodeJS.Platform, pathExt?: string): string | null {
  // The list separator follows the target platform (tests inject one); joins follow the host's file system.
  const delimiter = platform === 'win32' ? win32.delimiter : posix.delimiter;
  const exts = platform === 'win32' ? ['', ...(pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const candidate = join(dir, bin + ext);
      if (isRunnable(candidate, platform)) return candidate;
    }
  }
  return null;
}

export interface WebcamToolOptions {
  platform: NodeJS.Platform;
  pathEnv?: string;
}

/** The tool's path, or a SOURCE_UNAVAILABLE error that says how to get it (or what to use instead). */
export function findWebcamTool(opts: WebcamToolOptions): string {
  const { platform, pathEnv } = opts;
  const tool = platform === 'darwin' ? 'imagesnap' : 'fswebcam';
  const found = findOnPath(tool, pathEnv, platform);
  if (found) return found;
  const install = platform === 'darwin' ? 'brew install imagesnap' : "sudo apt install fswebcam (or your distribution's package)";
  throw new CamrelayError('SOURCE_UNAVAILABLE', `The webcam source needs ${tool} on the PATH and it is not there: ${install}, or use --source ffmpeg instead.`);
}
