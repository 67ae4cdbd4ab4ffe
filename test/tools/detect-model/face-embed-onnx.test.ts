/**
 * The face embedding converter (face-embed-onnx.ts): face-embed.onnx on onnxruntime-node gives the
 * numbers face-api's FaceRecognitionNet gives for the same input, here that network written again with
 * tfjs-core's ops on its CPU backend (face-api's residual layers, read from its source: conv + scale
 * + relu, a step down beside an average pool padded with zeros). The bytes are the pinned ones, and
 * weights that do not fit the manifest are refused with FACE_MODEL_CORRUPT.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../common/detect/model-files.js';
import { CHIP_SIZE } from '../../../common/faces/face-align.js';
import { defaultFaceModelDir, EMBED_FILES, EMBED_ONNX } from '../../../common/faces/face-model-files.js';
import { faceEmbedToOnnx, readManifestWeights } from '../../../tools/detect-model/face-embed-onnx.js';
import { convertFaceEmbed, fetchFaceModel } from '../../../tools/detect-model/fetch-face-model.js';

const dir = defaultFaceModelDir();
const file = (name: string) => readFileSync(path.join(dir, name));
let manifest: Uint8Array;
let weights: Uint8Array;

beforeAll(async () => {
  // As npm run detect:model fetches them, when this machine has not run it since faces landed.
  await fetchFaceModel();
  manifest = file(EMBED_FILES[0].name);
  weights = file(EMBED_FILES[1].name);
  await tf.setBackend('cpu');
}, 120_000);

/** face-api's FaceRecognitionNet on tfjs-core, NHWC: the reference the conversion is held to. */
function reference(input: Float32Array): Float32Array {
  const bin = Buffer.from(weights);
  const w = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), JSON.parse(Buffer.from(manifest).toString())[0].weights);
  return tf.tidy(() => {
    type T4 = tf.Tensor4D;
    const conv = (x: T4, p: string, stride: 1 | 2, relu: boolean): T4 => {
      let o = tf.conv2d(x, w[`${p}/conv/filters`] as tf.Tensor4D, stride, stride === 1 ? 'same' : 'valid');
      o = tf.add(tf.mul(tf.add(o, w[`${p}/conv/bias`]!), w[`${p}/scale/weights`]!), w[`${p}/scale/biases`]!);
      return relu ? tf.relu(o) : o;
    };
    const residual = (x: T4, p: string): T4 => tf.relu(tf.add(conv(conv(x, `${p}/conv1`, 1, true), `${p}/conv2`, 1, false), x));
    const down = (x: T4, p: string): T4 => {
      let o = conv(conv(x, `${p}/conv1`, 2, true), `${p}/conv2`, 1, false);
      let pooled = tf.avgPool(x, 2, 2, 'valid') as T4;
      if (pooled.shape[1] !== o.shape[1]) {
        o = tf.concat([o, tf.zeros([1, 1, o.shape[2], o.shape[3]])], 1) as T4;
        o = tf.concat([o, tf.zeros([1, o.shape[1], 1, o.shape[3]])], 2) as T4;
      }
      if (pooled.shape[3] !== o.shape[3]) pooled = tf.concat([pooled, tf.zeros(pooled.shape)], 3) as T4;
      return tf.relu(tf.add(pooled, o)) as T4;
    };
    // NCHW in, NHWC for tfjs.
    let x = tf.transpose(tf.tensor4d(input, [1, 3, CHIP_SIZE, CHIP_SIZE]), [0, 2, 3, 1]) as T4;
    x = tf.maxPool(conv(x, 'conv32_down', 2, true), 3, 2, 'valid') as T4;
    for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, p);
    x = down(x, 'conv64_down');
    for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(x, p);
    x = down(x, 'conv128_down');
    for (const p of ['conv128_1', 'conv128_2']) x = residual(x, p);
    x = down(x, 'conv256_down');
    for (const p of ['conv256_1', 'conv256_2']) x = residual(x, p);
    x = down(x, 'conv256_down_out');
    return tf.matMul(tf.mean(x, [1, 2]) as tf.Tensor2D, w.fc as tf.Tensor2D).dataSync() as Float32Array;
  });
}

describe('faceEmbedToOnnx', () => {
  it('gives the bytes npm run detect:model pins, the same every run', () => {
    const bytes = convertFaceEmbed(manifest, weights);
    expect(sha256(bytes)).toBe(EMBED_ONNX.sha256);
    expect(sha256(convertFaceEmbed(manifest, weights))).toBe(EMBED_ONNX.sha256);
  });

  it("gives face-api's network's 128 numbers for the same input, on a face-like gradient and on noise", async () => {
    const session = await ort.InferenceSession.create(path.join(dir, EMBED_ONNX.name));
    const plane = CHIP_SIZE * CHIP_SIZE;
    const inputs = [
      new Float32Array(3 * plane).map((_, k) => (((k % plane) % CHIP_SIZE) / CHIP_SIZE - 0.5) * 0.8 + (k < plane ? 0.1 : 0)),
      new Float32Array(3 * plane).map((_, k) => Math.sin(k * 12.9898) * 0.45),
    ];
    const outputs: Float32Array[] = [];
    for (const input of inputs) {
      const out = (await session.run({ input: new ort.Tensor('float32', input, [1, 3, CHIP_SIZE, CHIP_SIZE]) })).embedding!.data as Float32Array;
      const want = reference(input);
      expect(out.length).toBe(128);
      let worst = 0;
      for (let i = 0; i < 128; i++) worst = Math.max(worst, Math.abs(out[i]! - want[i]!));
      expect(worst).toBeLessThan(1e-4);
      outputs.push(out);
    }
    // Two different inputs give different numbers: the comparison is not of two constants.
    expect(Math.abs(outputs[0]![0]! - outputs[1]![0]!) + Math.abs(outputs[0]![1]! - outputs[1]![1]!)).toBeGreaterThan(1e-3);
  }, 60_000);

  it('refuses weights that do not fit their manifest, naming the weight', () => {
    const json = JSON.parse(Buffer.from(manifest).toString());
    expect(() => readManifestWeights(json, weights.subarray(0, 1000))).toThrow(/FACE_MODEL_CORRUPT|runs past the end/);
    expect(() => faceEmbedToOnnx(json, Buffer.concat([weights, Buffer.alloc(4)]), 'x')).toThrow(/accounts for/);
    try {
      readManifestWeights(json, weights.subarray(0, 1000));
    } catch (error) {
      expect((error as { code?: string }).code).toBe('FACE_MODEL_CORRUPT');
      expect((error as Error).message).toContain('conv32_down/');
    }
  });
});
