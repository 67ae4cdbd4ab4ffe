/**
 * The engine a detection worker runs: onnxruntime-node when it loads and nanodet.onnx is there, else
 * tfjs-wasm, which still finds the person, with the reason said.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNanodet } from '../../../common/detect/nanodet-decode.js';
import { pickEngine, type PickedEngine } from '../../../common/detect/pick-engine.js';
import { prepareInput } from '../../../common/detect/prepare-input.js';
import { detectModelDir } from '../../helpers/detect-model.js';

const wasmDir = path.dirname(new URL(import.meta.resolve('@tensorflow/tfjs-backend-wasm')).pathname) + path.sep;

async function labels(picked: PickedEngine): Promise<string[]> {
  const prepared = await prepareInput(readFileSync(new URL('../../fixtures/detect/dog-human.jpg', import.meta.url)));
  if (!prepared.ok) throw prepared.error;
  const boxes = decodeNanodet(await picked.runner.run(prepared.value.data), prepared.value.lb);
  if (!boxes.ok) throw boxes.error;
  return boxes.value.map((d) => d.label);
}

describe('pickEngine', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'camrelay-engine-'));
  let modelDir: string;
  beforeAll(async () => {
    modelDir = await detectModelDir();
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs onnxruntime-node when it loads and nanodet.onnx is there', async () => {
    const picked = await pickEngine({ modelDir, wasmDir });
    expect(picked).toMatchObject({ engine: 'onnxruntime', fallbackReason: null });
    expect(await labels(picked)).toContain('person');
  }, 60_000);

  it('falls back to tfjs-wasm, which still finds the person, when the native library will not load, and says why', async () => {
    const picked = await pickEngine({
      modelDir,
      wasmDir,
      loadOnnxRuntime: () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file')),
    });
    expect(picked.engine).toBe('tfjs-wasm');
    expect(picked.fallbackReason).toBe('onnxruntime-node did not load: libonnxruntime.so.1: cannot open shared object file');
    expect(await labels(picked)).toContain('person');
  }, 60_000);

  it('falls back to tfjs-wasm when nanodet.onnx is missing, naming the file and the command that makes it', async () => {
    const dir = path.join(scratch, 'no-onnx');
    mkdirSync(dir);
    for (const f of ['nanodet.json', 'nanodet.bin']) copyFileSync(path.join(modelDir, f), path.join(dir, f));
    const picked = await pickEngine({ modelDir: dir, wasmDir });
    expect(picked.engine).toBe('tfjs-wasm');
    expect(picked.fallbackReason).toBe(`${path.join(dir, 'nanodet.onnx')} is missing: run npm run detect:model to convert it.`);
  }, 60_000);
});
