/**
 * NanoDet on TensorFlow.js's wasm backend, SIMD, one thread (the threaded build makes its own worker
 * from a blob: URL, which Node does not run): the fallback where onnxruntime-node will not load.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CamrelayError } from '../../shared/errors.js';
import { INPUT_SIZE, type RawOutput } from './nanodet-decode.js';
import type { InferenceEngine } from './engine.js';

async function loadGraph(files: { graph: string; weights: string }): Promise<GraphModel> {
  let graph: { modelTopology: object; weightsManifest: { weights: object[] }[]; format: string; generatedBy: string; convertedBy: string; signature: object };
  try {
    graph = JSON.parse(readFileSync(files.graph, 'utf8')) as typeof graph;
  } catch (error) {
    throw new CamrelayError('DETECT_MODEL_CORRUPT', `${files.graph} is not JSON: ${(error as Error).message}`);
  }
  const bin = readFileSync(files.weights);
  return loadGraphModel({
    load: () =>
      Promise.resolve({
        modelTopology: graph.modelTopology,
        weightSpecs: graph.weightsManifest.flatMap((m) => m.weights) as never,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        format: graph.format,
        generatedBy: graph.generatedBy,
        convertedBy: graph.convertedBy,
        signature: graph.signature,
      }),
  });
}

/** The checked TF.js graph on the wasm backend, warmed; `simd` says whether wasm SIMD is on. */
export async function loadTfjsEngine(files: { graph: string; weights: string }, wasmDir: string): Promise<InferenceEngine & { simd: boolean }> {
  // A path, not a URL: in Node the wasm backend reads its .wasm files with fs from this prefix.
  setWasmPaths(wasmDir);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new CamrelayError('DETECT_FAILED', 'The wasm backend of TensorFlow.js did not start.');
  const model = await loadGraph(files);
  // The first run compiles and allocates (0.3-0.5 s): pay it now, not on the first frame with motion.
  tf.dispose(model.execute(tf.zeros([1, 3, INPUT_SIZE, INPUT_SIZE])) as tf.Tensor[]);
  return {
    name: 'tfjs-wasm',
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
    async run(input: Float32Array): Promise<RawOutput[]> {
      const x = tf.tensor4d(input, [1, 3, INPUT_SIZE, INPUT_SIZE]);
      const tensors = model.execute(x) as tf.Tensor[];
      try {
        return await Promise.all(tensors.map(async (t) => ({ shape: t.shape, data: (await t.data()) as Float32Array })));
      } finally {
        tf.dispose([x, ...tensors]);
      }
    },
  };
}
