/** The ffmpeg the recorder runs: CAMRELAY_FFMPEG, else the one the package ships (@ffmpeg-installer/ffmpeg). */
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** A path to ffmpeg; throws an Error saying what to do when there is none. */
export function recorderFfmpeg(env: NodeJS.ProcessEnv = process.env): string {
  let file = env.CAMRELAY_FFMPEG;
  if (!file) {
    try {
      file = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    } catch (err) {
      throw new Error(`no ffmpeg is installed for ${process.platform}-${process.arch} (${(err as Error).message}): set CAMRELAY_FFMPEG to an ffmpeg binary`, {
        cause: err,
      });
    }
  }
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`the ffmpeg binary "${file}" does not exist: check CAMRELAY_FFMPEG`);
  return file;
}
