/**
 * The TF.js → ONNX converter: nanodet.onnx on onnxruntime-node gives the TF.js graph's numbers on
 * tfjs-wasm for the same inputs (the fixture photos and an empty frame), so the same boxes; the bytes are
 * the same every run and match the pinned SHA-256; an op it has no mapping for is refused by name
 * with DETECT_MODEL_UNCONVERTIBLE.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnnxEngine } from '../../../common/detect/engine-onnx.js';
import { loadTfjsEngine } from '../../../common/detect/engine-tfjs.js';
import type { InferenceEngine } from '../../../common/detect/engine.js';
import { checkModel, ONNX_FILE, sha256 } from '../../../common/detect/model-files.js';
import { decodeNanodet, type RawOutput } from '../../../common/detect/nanodet-decode.js';
import { prepareInput } from '../../../common/detect/prepare-input.js';
import { CamrelayError } from '../../../shared/errors.js';
import { convertNanodet } from '../../../tools/detect-model/convert-model.js';
import type { TfNode } from '../../../tools/detect-model/tfjs-graph.js';
import { tfGraphToOnnx } from '../../../tools/detect-model/to-onnx.js';
import { detectModelDir } from '../../helpers/detect-model.js';

const photo = (name: string) => readFileSync(new URL(`../../fixtures/detect/${name}`, import.meta.url));
const key = (o: RawOutput) => o.shape.join('x');

describe('tfGraphToOnnx', () => {
  let dir: string;
  let onnx: InferenceEngine;
  let tfjs: InferenceEngine;

  beforeAll(async () => {
    dir = await detectModelDir();
    const checked = checkModel(dir);
    if (!checked.ok) throw checked.error;
    const wasm = path.dirname(new URL(import.meta.resolve('@tensorflow/tfjs-backend-wasm')).pathname) + path.sep;
    tfjs = await loadTfjsEngine(checked.value, wasm);
    onnx = await loadOnnxEngine(path.join(dir, ONNX_FILE.name), ort);
  }, 120_000);

  it('gives the TF.js model’s numbers on the same inputs (max abs difference < 1e-3) and so the same labels and scores', async () => {
    const grey = await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .jpeg()
      .toBuffer();
    const inputs: [string, Buffer][] = [
      ['jockey.jpg', photo('jockey.jpg')],
      ['dog-human.jpg', photo('dog-human.jpg')],
      ['taxis.jpg', photo('taxis.jpg')],
      ['flat grey', grey],
    ];
    for (const [name, jpeg] of inputs) {
      const prepared = await prepareInput(jpeg);
      if (!prepared.ok) throw prepared.error;
      const a = await tfjs.run(prepared.value.data);
      const b = await onnx.run(prepared.value.data);
      const byShape = new Map(b.map((o) => [key(o), o]));
      let maxDiff = 0;
      for (const t of a) {
        const other = byShape.get(key(t));
        expect(other, `${name}: onnx has an output of shape ${key(t)}`).toBeDefined();
        for (let k = 0; k < t.data.length; k++) maxDiff = Math.max(maxDiff, Math.abs(t.data[k]! - other!.data[k]!));
      }
      const boxesA = decodeNanodet(a, prepared.value.lb);
      const boxesB = decodeNanodet(b, prepared.value.lb);
      if (!boxesA.ok || !boxesB.ok) throw new Error(`${name}: the outputs did not decode`);
      console.log(
        `${name}: max abs difference ${maxDiff.toExponential(2)}; tfjs ${boxesA.value.map((d) => `${d.label} ${d.score.toFixed(3)}`).join(', ') || 'nothing'}`,
      );
      expect(maxDiff, name).toBeLessThan(1e-3);
      expect(boxesB.value.map((d) => d.label)).toEqual(boxesA.value.map((d) => d.label));
      boxesB.value.forEach((d, k) => expect(Math.abs(d.score - boxesA.value[k]!.score), `${name} ${d.label}`).toBeLessThan(1e-3));
    }
  }, 120_000);

  it('writes the same bytes every run, the pinned ones', () => {
    const json = readFileSync(path.join(dir, 'nanodet.json'));
    const bin = readFileSync(path.join(dir, 'nanodet.bin'));
    const first = convertNanodet(json, bin);
    expect(sha256(convertNanodet(json, bin))).toBe(sha256(first));
    expect(sha256(first)).toBe(ONNX_FILE.sha256);
  });

  describe('refusals', () => {
    const options = { input: { name: 'input_1', shape: [1, 3, 8, 8] }, producerVersion: '1', docString: '' };
    const placeholder = { name: 'input_1', op: 'Placeholder', input: [], attr: {} };
    const refusal = (nodes: TfNode[]) => {
      try {
        tfGraphToOnnx({ nodes: [placeholder, ...nodes], consts: new Map(), outputs: [] }, options);
      } catch (e) {
        return e;
      }
      throw new Error('the graph was converted');
    };

    it('refuses an op it has no mapping for with DETECT_MODEL_UNCONVERTIBLE, naming the op and the node', () => {
      const error = refusal([{ name: 'odd', op: 'Softplus', input: ['input_1'], attr: {} }]);
      expect(error).toBeInstanceOf(CamrelayError);
      expect((error as CamrelayError).code).toBe('DETECT_MODEL_UNCONVERTIBLE');
      expect((error as CamrelayError).message).toBe('The TF.js graph cannot be converted to ONNX: op Softplus (odd) has no ONNX mapping.');
    });

    it('refuses a form of a known op it does not map (SAME padding) with the same code, naming the op', () => {
      const same = Buffer.from('SAME').toString('base64');
      const error = refusal([{ name: 'conv', op: 'MaxPool', input: ['input_1'], attr: { padding: { s: same } } }]);
      expect((error as CamrelayError).code).toBe('DETECT_MODEL_UNCONVERTIBLE');
      expect((error as CamrelayError).message).toMatch(/op MaxPool \(conv\) has padding SAME \(only VALID/);
    });
  });
});
