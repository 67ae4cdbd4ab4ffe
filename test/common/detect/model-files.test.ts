/** The model check the detector runs before loading: missing and changed files have their own codes. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModel, defaultModelDir } from '../../../common/detect/model-files.js';
import { detectModelDir } from '../../helpers/detect-model.js';

describe('checkModel', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'camrelay-model-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives the graph and weights paths when both files match their SHA-256', async () => {
    const dir = await detectModelDir();
    const checked = checkModel(dir);
    expect(checked).toEqual({ ok: true, value: { graph: path.join(dir, 'nanodet.json'), weights: path.join(dir, 'nanodet.bin') } });
  });

  it('is DETECT_MODEL_MISSING, naming the file and the command, when a file is not there', () => {
    const checked = checkModel(path.join(scratch, 'nothing'));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe('DETECT_MODEL_MISSING');
    expect(checked.error.message).toContain('nanodet.json is missing: run npm run detect:model');
  });

  it('is DETECT_MODEL_CORRUPT when the weights were cut short', async () => {
    const real = await detectModelDir();
    copyFileSync(path.join(real, 'nanodet.json'), path.join(scratch, 'nanodet.json'));
    writeFileSync(path.join(scratch, 'nanodet.bin'), Buffer.alloc(1000));
    const checked = checkModel(scratch);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.code).toBe('DETECT_MODEL_CORRUPT');
  });
});

describe('defaultModelDir', () => {
  it('is CAMRELAY_DETECT_MODEL_DIR when set, else models/nanodet at the top of the repository', () => {
    expect(defaultModelDir({ CAMRELAY_DETECT_MODEL_DIR: 'x/y' })).toBe(path.resolve('x/y'));
    expect(defaultModelDir({})).toBe(path.resolve(import.meta.dirname, '../../../models/nanodet'));
  });
});
